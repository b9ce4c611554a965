/**
 * Running kfax from its TypeScript sources (tests, `vite-node`): a child process or a worker
 * thread cannot load `.ts` files, so the script is first bundled with esbuild (a development
 * dependency) into `node_modules/.cache/kfax-<pid>/`, once per process, and the directory is
 * deleted when the process exits. The build (`dist/`) never comes here.
 *
 * Every such directory also holds the SQLite store thread's entry as `worker-main.js`: a bundled
 * `kfax` that opens its store on a thread (`store.sqlite.thread: worker`) looks for it next to
 * itself, as the build has it next to `worker-store.js`.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The SQLite store thread's entry in the sources. */
export const STORE_THREAD_SOURCE = fileURLToPath(new URL('../store/sqlite-worker/worker-main.ts', import.meta.url));

const built = new Map<string, Promise<string>>();
let outDir: string | undefined;

/** True when `moduleUrl` (an `import.meta.url`) is a TypeScript source, not the build or a bundle. */
export function isSourceModule(moduleUrl: string): boolean {
  return moduleUrl.endsWith('.ts');
}

/**
 * The bundle of the `.ts` file `entry` (an absolute path), built on first use: `<name>.mjs`, or
 * `worker-main.js` for the store thread's entry.
 */
export function sourceBundle(entry: string): Promise<string> {
  let p = built.get(entry);
  if (!p) {
    p = build(entry);
    built.set(entry, p);
  }
  return p;
}

async function build(entry: string): Promise<string> {
  const dir = bundleDir();
  const isStoreThread = entry === STORE_THREAD_SOURCE;
  const outfile = join(dir, isStoreThread ? 'worker-main.js' : `${basename(entry, '.ts')}.mjs`);
  const esbuild = await import('esbuild');
  await esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  if (!isStoreThread) await sourceBundle(STORE_THREAD_SOURCE);
  return outfile;
}

function bundleDir(): string {
  if (outDir === undefined) {
    // Two levels below the package root, as src/<dir>/ is: relative paths to the root still hold.
    const dir = join(cacheDir(), `kfax-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    outDir = dir;
  }
  return outDir;
}

/** `node_modules/.cache` of the package these sources belong to. */
function cacheDir(): string {
  return join(findPackageRoot(dirname(fileURLToPath(import.meta.url))), 'node_modules', '.cache');
}

function findPackageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

/**
 * Deletes the bundle directories of processes that are gone (a test runner may end its workers
 * without an `exit` event). Returns how many were removed.
 */
export function removeStaleSourceBundles(): number {
  const cache = cacheDir();
  let removed = 0;
  for (const name of existsSync(cache) ? readdirSync(cache) : []) {
    const pid = /^kfax-(\d+)$/.exec(name)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    rmSync(join(cache, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
