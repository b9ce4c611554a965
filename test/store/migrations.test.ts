import { describe, expect, it } from 'vitest';
import { LATEST_MIGRATION_ID, MIGRATIONS } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open-store.js';
import { BACKENDS, createTarget } from './backends.js';

describe('migrations', () => {
  it('are numbered from 1 without gaps and define statements for both backends', () => {
    MIGRATIONS.forEach((m, i) => {
      expect(m.id).toBe(i + 1);
      expect(m.sqlite.length).toBeGreaterThan(0);
      expect(m.postgres.length).toBeGreaterThan(0);
    });
    expect(LATEST_MIGRATION_ID).toBe(MIGRATIONS.length);
  });
});

for (const backend of BACKENDS) {
  describe(`${backend}: migrate`, () => {
    it('applies every migration once and records it; a second run applies nothing', async () => {
      const target = await createTarget(backend);
      try {
        const store = await target.open({ migrate: false });
        expect(await store.appliedMigrations()).toEqual([]);
        const first = await store.migrate(1000);
        expect(first.applied.map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
        const second = await store.migrate(2000);
        expect(second.applied).toEqual([]);
        expect(second.alreadyApplied).toBe(MIGRATIONS.length);
        const recorded = await store.appliedMigrations();
        expect(recorded.map((r) => [r.id, r.name, r.appliedAt])).toEqual(MIGRATIONS.map((m) => [m.id, m.name, 1000]));
      } finally {
        await target.dispose();
      }
    });

    it('serialises concurrent runs from several connections: each migration is applied exactly once', async () => {
      const target = await createTarget(backend);
      try {
        const stores = await Promise.all([1, 2, 3].map(() => target.open({ migrate: false })));
        const results = await Promise.all(stores.map((s) => s.migrate(5)));
        expect(results.reduce((n, r) => n + r.applied.length, 0)).toBe(MIGRATIONS.length);
        expect((await stores[0]!.appliedMigrations()).length).toBe(MIGRATIONS.length);
      } finally {
        await target.dispose();
      }
    });

    it('refuses a database whose schema is newer than this build', async () => {
      const target = await createTarget(backend);
      try {
        await target.open();
        await target.raw(target.backend === 'sqlite' ? 'INSERT INTO kfax_migrations (id, name, applied_at) VALUES (?, ?, ?)' : 'INSERT INTO kfax_migrations (id, name, applied_at) VALUES ($1, $2, $3)', [999, 'from-the-future', 1]);
        const store = await target.open({ migrate: false });
        await expect(store.migrate(1)).rejects.toMatchObject({ code: 'KFAX_STORE_SCHEMA_NEWER' });
      } finally {
        await target.dispose();
      }
    });

    it('openStore picks the backend from the target and migrates on open', async () => {
      const target = await createTarget(backend);
      try {
        const store = await openStore(target.url, { schema: target.schema || undefined, poolSize: 2 });
        try {
          expect(store.backend).toBe(backend);
          expect((await store.appliedMigrations()).length).toBe(MIGRATIONS.length);
          expect(store.description).not.toContain('password');
        } finally {
          await store.close();
        }
      } finally {
        await target.dispose();
      }
    });
  });
}
