/**
 * The SQLite store thread's entry (`src/store/sqlite-worker/worker-main.ts`) bundled with
 * esbuild, once per test process: a worker thread cannot load the TypeScript sources vitest
 * runs, and the build in `dist/` may be stale.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let bundled: Promise<URL> | undefined;

/** The bundled entry, for `new WorkerStore({ path, entry })`. */
export function storeWorkerEntry(): Promise<URL> {
  bundled ??= (async () => {
    const outDir = fileURLToPath(new URL('../../node_modules/.cache/kfax/', import.meta.url));
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, `store-worker-test-${process.pid}.mjs`);
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [fileURLToPath(new URL('../../src/store/sqlite-worker/worker-main.ts', import.meta.url))], outfile: `${outfile}.tmp`, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
    renameSync(`${outfile}.tmp`, outfile);
    return pathToFileURL(outfile);
  })();
  return bundled;
}
