import { KfaxError } from '../errors/kfax-error.js';

/** An inclusive range of business dates (`yyyy-MM-dd`). */
export interface Period {
  readonly from: string;
  readonly to: string;
}

/** One calendar month of a period, clipped to the period. */
export interface MonthSlice extends Period {
  /** `yyyy-MM`. */
  readonly month: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `yyyy-MM-dd`. */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** Parses a date option, naming the option when it is not a calendar date. */
export function parseDateOption(option: string, value: string): string {
  const v = value.trim();
  if (!isCalendarDate(v)) throw new KfaxError('KFAX_CLI_USAGE', [`${option}: expected a calendar date as yyyy-MM-dd, got "${value}"`]);
  return v;
}

/**
 * The period to reconcile: `--from`/`--to` when given; without `--to` up to today; without
 * `--from` from the first day of the month of `--to`. `--from` after `--to` is a usage error.
 */
export function resolvePeriod(from: string | undefined, to: string | undefined, today: string): Period {
  const end = to === undefined ? today : parseDateOption('--to', to);
  const start = from === undefined ? `${end.slice(0, 7)}-01` : parseDateOption('--from', from);
  if (start > end) throw new KfaxError('KFAX_CLI_USAGE', [`--from: ${start} is after --to ${end}`]);
  return { from: start, to: end };
}

/** The months a period touches, each clipped to the period, oldest first. */
export function monthsOf(period: Period): MonthSlice[] {
  const out: MonthSlice[] = [];
  let y = Number(period.from.slice(0, 4));
  let m = Number(period.from.slice(5, 7));
  for (;;) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (`${month}-01` > period.to) break;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const start = `${month}-01` < period.from ? period.from : `${month}-01`;
    const end = `${month}-${String(last).padStart(2, '0')}` > period.to ? period.to : `${month}-${String(last).padStart(2, '0')}`;
    out.push({ month, from: start, to: end });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The day halfway between two dates (for splitting a query range), or undefined for one day. */
export function midpoint(from: string, to: string): string | undefined {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (b <= a) return undefined;
  const days = Math.floor((b - a) / 86_400_000 / 2);
  return new Date(a + days * 86_400_000).toISOString().slice(0, 10);
}

/** The day after a date. */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
