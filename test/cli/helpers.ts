import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { sourceBundle } from '../../src/util/source-bundle.js';
import { captureCli, type CliRun } from '../helpers/capture-cli.js';

export type { CliRun };

/**
 * Runs `kfax …` in this process through the real entry point ({@link main}, as `bin/kfax` does),
 * capturing stdout, stderr and the exit code.
 */
export function kfax(...args: string[]): Promise<CliRun> {
  return captureCli(() => main(['node', 'kfax', ...args]));
}

/** What a `kfax` child process printed and how it exited. */
export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI entry (`test/e2e/fixtures/kfax-cli.ts`, what `bin/kfax` runs) bundled from the sources
 * (src/util/source-bundle.ts, with the store thread's entry next to it), so a child starts fast
 * and never runs a stale `dist/`.
 */
function cliBundle(): Promise<string> {
  return sourceBundle(fileURLToPath(new URL('../e2e/fixtures/kfax-cli.ts', import.meta.url)));
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
