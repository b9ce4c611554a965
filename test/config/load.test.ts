import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineOptionsFromConfig, loadConfig, parseConfigText, redactSecrets, resolveConfig } from '../../src/config/index.js';
import { Engine } from '../../src/engine/engine.js';
import { MessageTypeRegistry } from '../../src/engine/message-types.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { resolveEndpointSettings, DEFAULT_ENGINE_SETTINGS } from '../../src/engine/settings.js';
import { batchWhenBusyCalls } from '../../src/connectors/ax/writer/connect.js';

const noFiles = (p: string): string => {
  throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
};
const parse = (text: string, env: Record<string, string> = {}, readFile = noFiles) => parseConfigText(text, { env, readFile });

function errorOf(fn: () => unknown): { code: string; message: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected an error');
}

describe('config: loading kfax.yaml', () => {
  it('fills every default when the file is empty', () => {
    const c = parse('');
    expect(c.store).toEqual({ url: './kfax.sqlite', migrate: true, sqlite: { busyTimeoutMs: 5000, thread: 'worker' }, postgres: { schema: 'public', poolSize: 10 } });
    expect(c.engine).toEqual(DEFAULT_ENGINE_SETTINGS);
    expect(c.endpoints).toEqual({});
  });

  it('reads a full file and keeps unspecified nested keys at their defaults', () => {
    const c = parse(`
store:
  url: postgres://kfax@db:5432/kfax
  postgres: { schema: kfax }
engine:
  claimBatchSize: 500
endpoints:
  default: { concurrency: 4, retry: { maxAttempts: 6 } }
  ax-kfuk:
    rateLimit: { perSecond: 5, burst: 10 }
    breaker: { failureThreshold: 3 }
  kashflow:
    breaker: null
`);
    expect(c.store.postgres).toEqual({ schema: 'kfax', poolSize: 10 });
    expect(c.engine.claimBatchSize).toBe(500);
    expect(c.engine.leaseMs).toBe(DEFAULT_ENGINE_SETTINGS.leaseMs);
    const ax = resolveEndpointSettings('ax-kfuk', c.endpoints);
    expect(ax).toMatchObject({ concurrency: 4, rateLimit: { perSecond: 5, burst: 10 }, breaker: { failureThreshold: 3, openMs: 30_000 }, retry: { maxAttempts: 6 } });
    expect(resolveEndpointSettings('kashflow', c.endpoints).breaker).toBeNull();
  });

  it('interpolates ${ENV} references, with fallbacks and a $${ escape', () => {
    const c = parse('store:\n  url: "postgres://kfax:${DB_PASS}@${DB_HOST:-localhost}/kfax"', { DB_PASS: 's3cret' });
    expect(c.store.url).toBe('postgres://kfax:s3cret@localhost/kfax');
    expect(parse('store:\n  url: "/data/$${literal}.sqlite"').store.url).toBe('/data/${literal}.sqlite');
  });

  it('names the key and the variable when an environment variable is missing, never a value', () => {
    const e = errorOf(() => parse('store:\n  url: "postgres://kfax:${DB_PASS}@db/kfax"'));
    expect(e).toMatchObject({ code: 'KFAX_CONFIG_INVALID', message: 'invalid configuration at store.url: environment variable DB_PASS is not set' });
  });

  it('reads *File keys into the key without the suffix and refuses both forms', () => {
    const files: Record<string, string> = { '/run/secrets/db': 'postgres://kfax:pw@db/kfax\n' };
    const readFile = (p: string): string => {
      if (p in files) return files[p]!;
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    };
    expect(parse('store:\n  urlFile: /run/secrets/db', {}, readFile).store.url).toBe('postgres://kfax:pw@db/kfax');
    expect(errorOf(() => parse('store:\n  urlFile: /run/secrets/other', {}, readFile)).message).toBe('invalid configuration at store.urlFile: cannot read /run/secrets/other: ENOENT');
    expect(errorOf(() => parse('store:\n  url: x\n  urlFile: /run/secrets/db', {}, readFile)).message).toBe('invalid configuration at store.url: give either url or urlFile, not both');
  });

  it('rejects unknown keys and bad values, naming every key path and the reason', () => {
    const e = errorOf(() => parse('store:\n  urll: x\nengine:\n  leaseMs: 5\n  pollIntervalMs: fast\nendpoints:\n  ax:\n    concurrency: 0\nkashflw: {}'));
    expect(e.code).toBe('KFAX_CONFIG_INVALID');
    const paths = (e.details.issues as { path: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(['endpoints.ax.concurrency', 'engine.leaseMs', 'engine.pollIntervalMs', 'kashflw', 'store.urll']);
    expect(e.message).toContain('store.urll: unknown key');
    expect(e.message).toContain('engine.pollIntervalMs: Invalid input: expected number, received string');
  });

  it('never puts a secret value into an error message', () => {
    const e = errorOf(() => parse('store:\n  url: "postgres://kfax:${DB_PASS}@db/kfax"\n  postgres: { poolSize: 0 }', { DB_PASS: 'hunter2-very-secret' }));
    expect(e.message).toContain('store.postgres.poolSize');
    expect(JSON.stringify(e)).not.toContain('hunter2');
    expect(e.message).not.toContain('hunter2');
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    expect(errorOf(() => parse('store:\n  url: [unclosed')).message).toMatch(/invalid configuration at config line \d+, column \d+/);
    expect(errorOf(() => parse('store:\n  url: a\n  url: b')).message).toMatch(/line 3/);
    expect(errorOf(() => parse('- a\n- b')).message).toBe('invalid configuration at (root): expected a mapping of sections (store, engine, endpoints…)');
  });

  it('requires an explicitly named file to exist and reads it otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfax-config-'));
    expect(errorOf(() => loadConfig({ path: join(dir, 'missing.yaml') })).code).toBe('KFAX_CONFIG_NOT_FOUND');
    const file = join(dir, 'kfax.yaml');
    writeFileSync(file, 'store:\n  url: /data/kfax.sqlite\n');
    expect(loadConfig({ path: file }).store.url).toBe('/data/kfax.sqlite');
    expect(resolveConfig({ config: file, store: 'postgres://x@y/z' }).store.url).toBe('postgres://x@y/z');
  });

  it('feeds the engine directly: its settings and endpoints are what the engine runs with', async () => {
    const c = parse('engine:\n  leaseMs: 5000\nendpoints:\n  default: { concurrency: 3 }\n  ax: { rateLimit: { perSecond: 2, burst: 1 } }');
    const store = new SqliteStore({ path: ':memory:' });
    await store.migrate(1);
    const engine = new Engine({ store, registry: new MessageTypeRegistry().define({ type: 't', endpoint: 'ax', handle: () => {} }), ...engineOptionsFromConfig(c) });
    expect(engine.settings.leaseMs).toBe(5000);
    expect((await engine.stats()).endpoints).toEqual([{ endpoint: 'ax', inFlight: 0, concurrency: 3, prefetched: 0, breaker: 'closed', pausedUntil: null }]);
    await store.close();
  });

  it('runs the SQLite store on its own thread unless store.sqlite.thread says main, and names a bad value', () => {
    expect(parse('').store.sqlite.thread).toBe('worker');
    expect(parse('store:\n  sqlite:\n    thread: main').store.sqlite.thread).toBe('main');
    const e = errorOf(() => parse('store:\n  sqlite:\n    thread: background'));
    expect(e.code).toBe('KFAX_CONFIG_INVALID');
    expect(e.message).toContain('store.sqlite.thread');
    expect(e.message).toContain('"main"');
  });

  it('reads ax.batch.whenBusy as on, off or a number of calls in flight, and names a bad value', () => {
    const ax = (batch: string) => parse(`ax:\n  url: http://aos/x\n  company: kfuk\n  connections: 6\n  auth:\n    username: svc\n    password: pw\n${batch}`).ax!;
    expect(batchWhenBusyCalls(ax(''))).toBe(6);
    expect(batchWhenBusyCalls(ax('  batch:\n    whenBusy: true\n'))).toBe(6);
    expect(batchWhenBusyCalls(ax('  batch:\n    whenBusy: false\n'))).toBe(0);
    expect(batchWhenBusyCalls(ax('  batch:\n    whenBusy: 2\n'))).toBe(2);
    for (const bad of ['0', '1.5', 'often']) {
      const e = errorOf(() => ax(`  batch:\n    whenBusy: ${bad}\n`));
      expect(e.code).toBe('KFAX_CONFIG_INVALID');
      expect(e.message).toContain('ax.batch.whenBusy');
    }
  });

  it('redacts secrets and URL passwords for display', () => {
    expect(redactSecrets({ store: { url: 'postgres://kfax:pw@db/kfax' }, ax: { password: 'p', user: 'u' }, list: [{ apiToken: 't' }] })).toEqual({
      store: { url: 'postgres://kfax:***@db/kfax' },
      ax: { password: '***', user: 'u' },
      list: [{ apiToken: '***' }],
    });
  });
});
