import type { MoneyMap } from './money-map.js';
import type { ReconcileResult } from './result.js';
import type { Bucket, LedgerTotals, RateBucket } from './totals.js';

/** Amounts per currency as `GBP 120.00, EUR 35.10` (`-` when there are none). */
function amounts(m: MoneyMap): string {
  const json = m.toJSON();
  const parts = Object.entries(json).map(([c, v]) => `${c} ${v}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}

function bucketLine(label: string, a: Bucket | undefined, b: Bucket | undefined): string {
  const count = (x: Bucket | undefined): string => String(x?.count ?? 0);
  const gross = (x: Bucket | undefined): string => (x ? amounts(x.gross) : '-');
  const vat = (x: Bucket | undefined): string => (x ? amounts(x.vat) : '-');
  const mark = count(a) === count(b) && gross(a) === gross(b) && vat(a) === vat(b) ? ' ' : '≠';
  return `${mark} ${label.padEnd(12)} invoices ${count(a).padStart(4)} | ${count(b).padStart(4)}   gross ${gross(a)} | ${gross(b)}   VAT ${vat(a)} | ${vat(b)}`;
}

function rateLine(label: string, a: RateBucket | undefined, b: RateBucket | undefined): string {
  const net = (x: RateBucket | undefined): string => (x ? amounts(x.net) : '-');
  const vat = (x: RateBucket | undefined): string => (x ? amounts(x.vat) : '-');
  const mark = net(a) === net(b) && vat(a) === vat(b) ? ' ' : '≠';
  return `${mark} ${label.padEnd(12)} net ${net(a)} | ${net(b)}   VAT ${vat(a)} | ${vat(b)}`;
}

function keys(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort();
}

/** VAT rate keys: percentages ascending, then `exempt`, `none` and the rest. */
function rateKeys(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): string[] {
  const numeric = (k: string): number => (/^\d+(\.\d+)?$/.test(k) ? Number(k) : Number.POSITIVE_INFINITY);
  return keys(a, b).sort((x, y) => numeric(x) - numeric(y) || (x < y ? -1 : x > y ? 1 : 0));
}

function totalsSection(kf: LedgerTotals, ax: LedgerTotals): string[] {
  const out = ['Totals (KashFlow | AX):', bucketLine('all', kf.total, ax.total), `  ${'net'.padEnd(12)} ${amounts(kf.total.net)} | ${amounts(ax.total.net)}`, `  ${'home gross'.padEnd(12)} ${kf.homeGross.toFixed(2)} | ${ax.homeGross.toFixed(2)}`, '', 'By month:'];
  for (const k of keys(kf.byMonth, ax.byMonth)) out.push(bucketLine(k, kf.byMonth.get(k), ax.byMonth.get(k)));
  out.push('', 'By VAT rate:');
  for (const k of rateKeys(kf.byVatRate, ax.byVatRate)) out.push(rateLine(k === 'exempt' || k === 'none' || k.startsWith('group:') ? k : `${k} %`, kf.byVatRate.get(k), ax.byVatRate.get(k)));
  const customers = keys(kf.byCustomer, ax.byCustomer);
  const differing = customers.filter((k) => bucketLine(k, kf.byCustomer.get(k), ax.byCustomer.get(k)).startsWith('≠'));
  out.push('', `By customer: ${customers.length} customer(s), ${differing.length} differ${differing.length > 0 ? ':' : ''}`);
  for (const k of differing) out.push(bucketLine(k, kf.byCustomer.get(k), ax.byCustomer.get(k)));
  return out;
}

/** The readable report of `kfax reconcile` (without `--json`). */
export function renderReport(r: ReconcileResult): string {
  const out: string[] = [];
  out.push(`kfax reconcile ${r.period.from} … ${r.period.to}: ${r.agree ? 'the ledgers AGREE' : 'the ledgers DIFFER'}`);
  out.push(`${r.matched} invoice(s) matched; KashFlow ${r.kashflow.total.count}, AX ${r.ax.total.count}${r.axUnrelated > 0 ? ` (+${r.axUnrelated} AX invoice(s) without a KashFlow number, not compared)` : ''}`, '');
  out.push(...totalsSection(r.kashflow, r.ax), '');
  const p = r.payments;
  out.push(`Payments: KashFlow ${p.kashflow.count} (${amounts(p.kashflow.amount)}), AX ${p.ax.count} (${amounts(p.ax.amount)}); settled ${amounts(p.kashflow.settled)} | ${amounts(p.ax.settled)}; open ${amounts(p.kashflow.open)} | ${amounts(p.ax.open)}`);
  const section = <T>(title: string, list: readonly T[], line: (x: T) => string): void => {
    if (list.length === 0) return;
    out.push('', `${title} (${list.length}):`, ...list.map((x) => `  ${line(x)}`));
  };
  section('Missing in AX', r.missing, (m) => `${m.number.padEnd(8)} ${m.date}  ${m.customer.padEnd(12)} ${m.currency} ${m.gross}`);
  section('Extra in AX', r.extra, (e) => `${e.number.padEnd(8)} ${e.invoiceId.padEnd(12)} ${e.date}  ${e.account.padEnd(12)} ${e.currency} ${e.gross}  (${e.reason})`);
  section('Different', r.different, (d) => `${d.number.padEnd(8)} ${d.field.padEnd(14)} KashFlow ${d.kashflow ?? '(none)'}  AX ${d.ax ?? '(none)'}`);
  section('Payments missing in AX', p.missing, (m) => `invoice ${m.number} payment ${m.paymentId}  ${m.date}  ${m.amount}`);
  section('Payments extra in AX', p.extra, (m) => `invoice ${m.number} payment ${m.paymentId}  ${m.date}  ${m.amount}`);
  section('Payments different', p.different, (d) => `invoice ${d.number} payment ${d.paymentId}  ${d.field}: KashFlow ${d.kashflow ?? '(none)'}  AX ${d.ax ?? '(none)'}`);
  section('Totals different', r.totalsDifferent, (t) => `${t.scope}${t.key ? ` ${t.key}` : ''} ${t.field}: KashFlow ${t.kashflow}  AX ${t.ax}`);
  section('Could not read', r.errors, (e) => `${e.side} ${e.number}: ${e.message}`);
  section('Notes', r.notes, (n) => n);
  out.push('', `Requests: KashFlow ${r.requests.kashflow}, AX ${r.requests.ax}`);
  return `${out.join('\n')}\n`;
}
