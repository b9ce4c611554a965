import { addDays } from '../../../util/dates.js';
import type { PaymentTerm } from '../state/company.js';

/** Due date from terms of payment: net days after the date, or after the end of its month. */
export function dueDate(date: string, term: PaymentTerm | undefined): string {
  if (!term) return date;
  if (!term.afterMonthEnd) return addDays(date, term.days);
  const d = new Date(`${date.slice(0, 7)}-01T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return addDays(d.toISOString().slice(0, 10), term.days);
}
