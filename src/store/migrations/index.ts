import { migration001 } from './001-initial.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration in order. Append new ones; never edit or reorder released ones. */
export const MIGRATIONS: readonly Migration[] = [migration001];

/** The schema version this build expects. */
export const LATEST_MIGRATION_ID: number = MIGRATIONS.length === 0 ? 0 : MIGRATIONS[MIGRATIONS.length - 1]!.id;
