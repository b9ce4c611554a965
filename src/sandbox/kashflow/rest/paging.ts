import type { KashflowState } from '../state.js';
import { invalidField } from '../wire/errors.js';
import type { RestCall } from './route.js';

/** A sort key of a list: its canonical name and the comparison (ascending). */
export interface SortKey<T> {
  readonly name: string;
  /** True when the order depends on "today" or settings (e.g. Status). */
  readonly dynamic?: boolean;
  readonly compare: (a: T, b: T) => number;
}

/** Sort keys by lower-cased accepted name (aliases map to the same key). */
export type SortKeys<T> = Readonly<Record<string, SortKey<T>>>;

export interface ListQuery<T> {
  page: number;
  perPage: number;
  sort: SortKey<T>;
  desc: boolean;
}

export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const byNumber = (a: number, b: number): number => a - b;

/**
 * Reads `page` (1-based), `perpage` (default and maximum from settings; larger values are
 * clamped [G]), `sortby` and `order` (`Asc`/`Desc`, any case). Bad values give 400 naming
 * the parameter.
 */
export function parseListQuery<T>(call: RestCall, keys: SortKeys<T>, defaultSort: string): ListQuery<T> {
  const q = call.query;
  const settings = call.state.settings;
  const page = q.page === undefined || q.page === '' ? 1 : positiveInt('page', q.page);
  const perPage = q.perpage === undefined || q.perpage === '' ? settings.defaultPerPage : Math.min(positiveInt('perpage', q.perpage), settings.maxPerPage);
  const sortName = (q.sortby ?? '').trim().toLowerCase() || defaultSort.toLowerCase();
  const sort = keys[sortName];
  if (!sort) throw invalidField('sortby', `unknown sort key "${q.sortby ?? ''}" (expected one of: ${[...new Set(Object.values(keys).map((k) => k.name))].join(', ')})`);
  const order = (q.order ?? 'asc').trim().toLowerCase();
  if (order !== 'asc' && order !== 'desc' && order !== '') throw invalidField('order', `expected Asc or Desc, got "${q.order ?? ''}"`);
  return { page, perPage, sort, desc: order === 'desc' };
}

function positiveInt(name: string, text: string): number {
  if (!/^\s*\d{1,9}\s*$/.test(text) || Number(text) < 1) throw invalidField(name, `expected a whole number of at least 1, got "${text}"`);
  return Number(text);
}

/** The full list in the requested order; cached per (sort key, order, day, settings) until the collection changes. */
export function sortedRows<T extends { id: number }>(state: KashflowState, list: { sorted(viewKey: string, compare: (a: T, b: T) => number): readonly T[] }, name: string, q: ListQuery<T>): readonly T[] {
  const primary = q.sort.compare;
  const compare = q.desc ? (a: T, b: T) => primary(b, a) || a.id - b.id : (a: T, b: T) => primary(a, b) || a.id - b.id;
  return list.sorted(`${name}|${q.sort.name}|${q.desc ? 'd' : 'a'}|${q.sort.dynamic ? state.viewKey() : state.store.generation}`, compare);
}

/**
 * The rows of one page. When the fault profile asks for unstable list ordering (reference
 * quirk #4), rows with equal sort keys come back in random order and, now and then, a row
 * next to a page boundary is swapped with its neighbour across it, so a client paging
 * through the list sees one row twice and misses another.
 */
export function pageRows<T>(state: KashflowState, rows: readonly T[], q: ListQuery<T>): readonly T[] {
  const start = (q.page - 1) * q.perPage;
  const end = Math.min(rows.length, start + q.perPage);
  if (start >= rows.length) return [];
  const faults = state.ctx.faults;
  if (!faults.unstableListOrder()) return rows.slice(start, end);
  const lo = Math.max(0, start - q.perPage);
  const hi = Math.min(rows.length, end + q.perPage);
  const window = rows.slice(lo, hi);
  shuffleTies(window, q.sort.compare, () => faults.random());
  if (faults.random() < state.settings.unstablePageShiftRate) {
    const s = start - lo;
    const e = end - lo;
    const atStart = s > 0 && (e >= window.length || faults.random() < 0.5);
    if (atStart) swap(window, s - 1, s);
    else if (e < window.length) swap(window, e - 1, e);
  }
  return window.slice(start - lo, end - lo);
}

function shuffleTies<T>(rows: T[], compare: (a: T, b: T) => number, random: () => number): void {
  let i = 0;
  while (i < rows.length) {
    let j = i + 1;
    while (j < rows.length && compare(rows[i] as T, rows[j] as T) === 0) j++;
    for (let k = j - 1; k > i; k--) swap(rows, k, i + Math.floor(random() * (k - i + 1)));
    i = j;
  }
}

function swap<T>(rows: T[], a: number, b: number): void {
  const t = rows[a] as T;
  rows[a] = rows[b] as T;
  rows[b] = t;
}

/**
 * The paged envelope `{Data, MetaData}` (reference §3.3) with relative `/v2/...` links
 * that keep every other query parameter as the client sent it.
 */
export function envelope(call: RestCall, path: string, totalRecords: number, q: { page: number; perPage: number }, items: readonly string[]): string {
  const others = call.rawQuery
    .split('&')
    .filter((p) => {
      if (p === '') return false;
      const name = decodeURIComponentSafe(p.split('=')[0] ?? '').toLowerCase();
      return name !== 'page' && name !== 'perpage';
    })
    .join('&');
  const link = (page: number): string => `${path}?page=${page}&perpage=${q.perPage}${others ? `&${others}` : ''}`;
  const lastPage = Math.max(1, Math.ceil(totalRecords / q.perPage));
  const meta = {
    FirstPageUrl: link(1),
    LastPageUrl: link(lastPage),
    NextPageUrl: q.page < lastPage ? link(q.page + 1) : null,
    PreviousPageUrl: q.page > 1 ? link(Math.min(q.page - 1, lastPage)) : null,
    TotalRecords: totalRecords,
  };
  return `{"Data":[${items.join(',')}],"MetaData":${JSON.stringify(meta)}}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
