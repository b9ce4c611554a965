/**
 * The SQLite store thread's entry (`src/store/sqlite-worker/worker-main.ts`) bundled once per
 * test process: a worker thread cannot load the TypeScript sources vitest runs.
 */
import { pathToFileURL } from 'node:url';
import { sourceBundle, STORE_THREAD_SOURCE } from '../../src/util/source-bundle.js';

/** The bundled entry, for `new WorkerStore({ path, entry })`. */
export async function storeWorkerEntry(): Promise<URL> {
  return pathToFileURL(await sourceBundle(STORE_THREAD_SOURCE));
}
