import { removeStaleSourceBundles } from '../src/util/source-bundle.js';

/**
 * After the run, deletes the esbuild bundles the test processes made (src/util/source-bundle.ts):
 * vitest may end its workers without the `exit` event that would have removed them.
 */
export function teardown(): void {
  removeStaleSourceBundles();
}
