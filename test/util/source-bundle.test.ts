import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSourceModule, removeStaleSourceBundles, sourceBundle } from '../../src/util/source-bundle.js';

const cache = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));

describe('source bundles (running kfax from its TypeScript sources)', () => {
  it('bundles a script once per process, with the store thread entry beside it as worker-main.js', async () => {
    const entry = fileURLToPath(new URL('../e2e/fixtures/kfax-cli.ts', import.meta.url));
    const first = await sourceBundle(entry);
    expect(await sourceBundle(entry)).toBe(first);
    expect(first).toBe(join(cache, `kfax-${process.pid}`, 'kfax-cli.mjs'));
    expect(existsSync(first)).toBe(true);
    expect(existsSync(join(dirname(first), 'worker-main.js'))).toBe(true);
    expect(isSourceModule(import.meta.url)).toBe(true);
    expect(isSourceModule('file:///opt/kfax/dist/src/store/open-store.js')).toBe(false);
  });

  it('removes the bundle directories of processes that are gone and keeps the live ones', () => {
    // PIDs above the kernel's pid_max (4,194,304 at most) cannot be alive.
    const gone = join(cache, 'kfax-9999999');
    mkdirSync(gone, { recursive: true });
    mkdirSync(join(cache, `kfax-${process.pid}`), { recursive: true });
    expect(removeStaleSourceBundles()).toBeGreaterThanOrEqual(1);
    expect(existsSync(gone)).toBe(false);
    expect(existsSync(join(cache, `kfax-${process.pid}`))).toBe(true);
  });
});
