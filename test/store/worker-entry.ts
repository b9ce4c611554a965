/**
 * The SQLite store thread's entry (`src/store/sqlite-worker/worker-main.ts`) bundled once per
 * test process by {@link scriptPath}: a worker thread cannot load the TypeScript sources vitest runs.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scriptPath } from '../../src/engine/bench/spawn.js';

/** The bundled entry, for `new WorkerStore({ path, entry })`. */
export async function storeWorkerEntry(): Promise<URL> {
  return pathToFileURL(await scriptPath(fileURLToPath(new URL('../../src/store/sqlite-worker/worker-main.ts', import.meta.url))));
}
