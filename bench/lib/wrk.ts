import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One wrk run. */
export interface WrkOptions {
  url: string;
  durationSeconds: number;
  connections: number;
  threads: number;
  headers?: Record<string, string>;
  /** Lua script body (wrk's `request`/`setup` hooks). */
  lua?: string;
}

/** What wrk measured. */
export interface WrkResult {
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  socketErrors: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/** True when the `wrk` load generator (Debian package `wrk`) is on the PATH. */
export function hasWrk(): Promise<boolean> {
  return new Promise((resolve) => execFile('wrk', ['--version'], (err, stdout, stderr) => resolve(!err || /^wrk /m.test(`${stdout}${stderr}`))));
}

/** Runs wrk as a separate process (so the load generator never shares the server's event loop). */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kfax-wrk-'));
  try {
    const args = ['-t', String(options.threads), '-c', String(options.connections), '-d', `${options.durationSeconds}s`, '--latency'];
    for (const [k, v] of Object.entries(options.headers ?? {})) args.push('-H', `${k}: ${v}`);
    if (options.lua) {
      const script = join(dir, 'script.lua');
      await writeFile(script, options.lua);
      args.push('-s', script);
    }
    args.push(options.url);
    const out = await new Promise<string>((resolve, reject) => execFile('wrk', args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(`wrk failed: ${stderr || err.message}`)) : resolve(stdout))));
    return parseWrk(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Parses wrk's text report. */
export function parseWrk(out: string): WrkResult {
  const num = (re: RegExp): number => {
    const m = re.exec(out);
    return m ? Number(m[1]) : 0;
  };
  const latency = (pct: string): number => {
    const m = new RegExp(`^\\s*${pct}%\\s+([0-9.]+)(us|ms|s)\\s*$`, 'm').exec(out);
    if (!m) return Number.NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requestsPerSecond: num(/Requests\/sec:\s+([0-9.]+)/),
    requests: num(/(\d+) requests in/),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    socketErrors: errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    latencyP50Ms: latency('50'),
    latencyP99Ms: latency('99'),
  };
}
