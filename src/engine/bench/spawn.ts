/**
 * Starts a child Node process running one of the scripts next to this file. From the build
 * (`dist/`) that is the compiled `.js`; from the TypeScript sources (tests, `vite-node`) the
 * `.ts` script is first bundled with esbuild (src/util/source-bundle.ts), so the child starts
 * in milliseconds and resolves packages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSourceModule, sourceBundle } from '../../util/source-bundle.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FROM_SOURCE = isSourceModule(import.meta.url);

/**
 * The file to run for `name` (a script next to this file, or an absolute `.ts`/`.js` path): the
 * compiled `.js` from the build, else the `.ts` bundled once per process (see source-bundle.ts).
 */
export async function scriptPath(name: string): Promise<string> {
  const isPath = isAbsolute(name);
  if (isPath && name.endsWith('.js')) return name;
  if (!isPath && !FROM_SOURCE) return join(HERE, `${name}.js`);
  return sourceBundle(isPath ? name : join(HERE, `${name}.ts`));
}

/**
 * Spawns `node <script> ...args` with piped stdio. `name` is a script next to this file
 * (`crash-worker`) or an absolute path to a `.ts`/`.js` file.
 */
export async function spawnScript(name: string, args: readonly string[]): Promise<ChildProcess> {
  const script = await scriptPath(name);
  return spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves once the child printed `line` on stdout (rejects if it exits first). */
export function waitForLine(child: ChildProcess, line: string | RegExp, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => finish(new Error(`child did not print ${String(line)} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      for (const l of buffer.split('\n')) {
        if (typeof line === 'string' ? l.trim() === line : line.test(l)) return finish(undefined, l.trim());
      }
    };
    const onErr = (chunk: Buffer): void => {
      stderr += chunk.toString('utf8');
    };
    const onExit = (code: number | null): void => finish(new Error(`child exited (${code}) before printing ${String(line)}; stderr: ${stderr}`));
    function finish(err?: Error, value?: string): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value!);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.on('exit', onExit);
  });
}
