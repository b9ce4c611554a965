// The last answer: a run of orders mostly shares its date and due days.
let last: { readonly date: string; readonly days: number; readonly result: string } | undefined;

/** `yyyy-MM-dd` plus `days` (UTC calendar arithmetic). */
export function addDays(date: string, days: number): string {
  if (last !== undefined && last.date === date && last.days === days) return last.result;
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const result = d.toISOString().slice(0, 10);
  last = { date, days, result };
  return result;
}
