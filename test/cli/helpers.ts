import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

/** What one `kfax …` run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The last stdout line parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

/**
 * Runs `kfax …` in this process through the real entry point ({@link main}, as `bin/kfax` does),
 * capturing stdout, stderr and the exit code.
 */
export async function kfax(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => ((stdout += String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((stderr += String(c)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  let code: number;
  try {
    code = await main(['node', 'kfax', ...args]);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}

/** What a `kfax` child process printed and how it exited. */
export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

let bundled: Promise<string> | undefined;

/**
 * The CLI entry (`test/e2e/fixtures/kfax-cli.ts`, what `bin/kfax` runs) bundled from the sources
 * with esbuild next to node_modules, so a child starts fast and never runs a stale `dist/`.
 */
function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    const outDir = fileURLToPath(new URL('../../node_modules/.cache/kfax/', import.meta.url));
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, `kfax-cli-test-${process.pid}.mjs`);
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [fileURLToPath(new URL('../e2e/fixtures/kfax-cli.ts', import.meta.url))], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
    return outfile;
  })();
  return bundled;
}

/** Deletes the bundle {@link spawnKfax} built (call it in `afterAll`). */
export async function removeCliBundle(): Promise<void> {
  const built = bundled;
  bundled = undefined;
  if (built) rmSync(await built, { force: true });
}

/**
 * Runs `kfax …` as a child process in `cwd` with only `env` (plus PATH) in its environment, and
 * resolves when it exits. Everything the process writes to stdout and stderr is captured.
 */
export async function spawnKfax(args: readonly string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<ProcessRun> {
  const script = await cliBundle();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kfax ${args.join(' ')} did not exit within ${options.timeoutMs ?? 20_000} ms; stderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
