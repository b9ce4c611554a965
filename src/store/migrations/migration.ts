/**
 * A forward-only schema migration. Migrations are numbered from 1 without gaps, never edited
 * once released, and carry the statements for each backend (identical where the SQL allows).
 */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sqlite: readonly string[];
  readonly postgres: readonly string[];
}
