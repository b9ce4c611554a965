import type { Command } from 'commander';
import { openConfiguredStore, resolveConfig } from '../../config/store-target.js';
import { LATEST_MIGRATION_ID, MIGRATIONS } from '../../store/migrations/index.js';
import { printResult, storeOptions, type StoreCliOptions } from '../../config/cli-options.js';

/** `kfax migrate`: applies pending schema migrations (they also run at start-up). */
export function registerMigrateCommand(program: Command): void {
  storeOptions(
    program
      .command('migrate')
      .description('Apply pending database migrations to the store (SQLite file or PostgreSQL)')
      .option('--status', 'only show which migrations are applied and which are pending'),
  ).action(async (opts: StoreCliOptions & { status?: boolean }) => {
    const config = resolveConfig(opts);
    const store = await openConfiguredStore(config, false);
    try {
      if (opts.status) {
        const applied = await store.appliedMigrations();
        const done = new Set(applied.map((m) => m.id));
        const pending = MIGRATIONS.filter((m) => !done.has(m.id)).map((m) => ({ id: m.id, name: m.name }));
        printResult(opts, { store: store.description, applied, pending, latest: LATEST_MIGRATION_ID }, () => [
          `store ${store.description}`,
          ...applied.map((m) => `  applied  ${String(m.id).padStart(3, '0')} ${m.name}  (${new Date(m.appliedAt).toISOString()})`),
          ...pending.map((m) => `  pending  ${String(m.id).padStart(3, '0')} ${m.name}`),
        ]);
        return;
      }
      const result = await store.migrate(Date.now());
      printResult(opts, { store: store.description, applied: result.applied, alreadyApplied: result.alreadyApplied, latest: LATEST_MIGRATION_ID }, () =>
        result.applied.length === 0
          ? [`store ${store.description} is up to date (schema version ${LATEST_MIGRATION_ID})`]
          : [`applied ${result.applied.length} migration(s) to ${store.description}:`, ...result.applied.map((m) => `  ${String(m.id).padStart(3, '0')} ${m.name}`)],
      );
    } finally {
      await store.close();
    }
  });
}
