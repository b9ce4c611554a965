import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SandboxEndpoints } from '../../src/sandbox/sandbox.js';

/** The `kfax` launcher next to the build (benchmarks run from `dist/`, as `kfax bench …`). */
export function kfaxBin(): string {
  return fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../../bin/kfax' : '../../bin/kfax', import.meta.url));
}

/** A child process of the benchmark, with its CPU time. */
export interface BenchProcess {
  readonly child: ChildProcess;
  /** The last 64 KiB the process wrote to stderr (its output is always drained, so it never blocks). */
  stderrTail(): string;
  /** User + system CPU time so far, in µs (Linux /proc). */
  cpuMicros(): number;
  stop(): Promise<void>;
}

function wrap(child: ChildProcess): BenchProcess {
  const ticks = 100; // USER_HZ, the unit of utime/stime in /proc/<pid>/stat on Linux
  let tail = '';
  child.stderr?.on('data', (c: Buffer) => {
    tail = (tail + c.toString()).slice(-65_536);
  });
  child.stdout?.on('data', () => undefined);
  return {
    child,
    stderrTail: () => tail,
    cpuMicros() {
      try {
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        return ((Number(fields[11]) + Number(fields[12])) / ticks) * 1e6;
      } catch {
        return 0;
      }
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      });
    },
  };
}

/** Reads lines from a child's stdout until `match` returns a value. */
function firstLine<T>(child: ChildProcess, match: (line: string) => T | undefined, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`no expected output within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      buffer += c.toString();
      for (const line of buffer.split('\n')) {
        const v = match(line);
        if (v !== undefined) {
          clearTimeout(timer);
          resolve(v);
          return;
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`process exited (${code}) early; stderr: ${stderr.slice(-2000)}`)));
  });
}

/** Extra Node flags for the children (e.g. `KFAX_BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` to profile them). */
function nodeFlags(): string[] {
  return (process.env.KFAX_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

/** `kfax sandbox --json` in its own process. */
export async function startSandboxProcess(profile: string, seed: number): Promise<{ process: BenchProcess; endpoints: SandboxEndpoints }> {
  const child = spawn(process.execPath, [...nodeFlags(), kfaxBin(), 'sandbox', '--json', '--profile', profile, '--seed', String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const endpoints = await firstLine(child, (line) => (line.startsWith('{') ? (JSON.parse(line) as SandboxEndpoints) : undefined), 30_000);
  return { process: wrap(child), endpoints };
}

/** `kfax run --config <file> [extraArgs]` in its own process; resolves with its base URL. */
export async function startKfaxProcess(configPath: string, env: Record<string, string> = {}, extraArgs: readonly string[] = []): Promise<{ process: BenchProcess; url: string }> {
  // KFAX_BENCH_KFAX_WRAPPER runs kfax through a wrapper (e.g. a script calling `strace -c node "$@"`).
  const wrapper = process.env.KFAX_BENCH_KFAX_WRAPPER;
  const args = [...nodeFlags(), kfaxBin(), 'run', '--config', configPath, ...extraArgs];
  const child = spawn(wrapper ?? process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KFAX_LOG_LEVEL: 'warn', ...env } });
  const url = await firstLine(child, (line) => /kfax running at (http:\/\/[^\s]+)/.exec(line)?.[1], 60_000);
  return { process: wrap(child), url };
}

/** A started process (or an in-process stand-in, for tests). */
export interface E2eProcess {
  cpuMicros(): number;
  stderrTail(): string;
  stop(): Promise<void>;
}

/** How an end-to-end benchmark starts the sandboxes and kfax (child processes by default). */
export interface E2eLaunchers {
  startSandbox(profile: string, seed: number): Promise<{ process: E2eProcess; endpoints: SandboxEndpoints }>;
  startKfax(configPath: string): Promise<{ process: E2eProcess; url: string }>;
}

/** The default launchers: child processes of the build. */
export const CHILD_PROCESSES: E2eLaunchers = { startSandbox: startSandboxProcess, startKfax: (configPath) => startKfaxProcess(configPath) };
