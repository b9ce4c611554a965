import type { DocumentLine } from '../../canonical/document-line.js';
import { divRound } from '../../canonical/divide.js';
import { Dec } from '../../canonical/money.js';
import { fastSum, formatFixed } from '../../canonical/units.js';
import type { LedgerAccount } from '../../connectors/ax/documents/types.js';
import { MappingError } from '../errors.js';
import type { ExplainEntry } from '../explain.js';
import { ledgerAccount } from '../transforms/accounts.js';
import { allocateLargestRemainder, convertWithResidual } from '../transforms/allocate.js';
import { dimensionValues, orderedDimensions, type DimensionSet } from '../transforms/dimensions.js';
import { axLineTax, reconcileLineVat } from '../transforms/vat.js';
import type { LineTotals, MappingContext } from './context.js';
import { explainDims, isConsistent, type MappedTradeLines, type Note, type TradeLineOut, type TradeLinesInput } from './trade-lines-shared.js';

const ONE = new Dec(1);
const ZERO = new Dec(0);

/** A line on its way to AX, in decimals; explanations wait until the final line number is known. */
interface WorkLine {
  readonly sources: readonly number[];
  readonly description: string;
  readonly quantity: Dec;
  readonly unitPrice: Dec;
  readonly amount: Dec;
  /** Share of KashFlow's VAT. */
  readonly vat: Dec;
  readonly mainAccount: string;
  readonly account: LedgerAccount;
  readonly dims: DimensionSet;
  readonly taxGroup: string | undefined;
  readonly taxItemGroup: string | undefined;
  readonly axRate: Dec;
  readonly nominal: number | undefined;
  readonly rounding: boolean;
  readonly notes: readonly Note[];
  /** Dimension values (without rules), for LedgerDimension and DefaultDimension. */
  readonly values: ReadonlyMap<string, string>;
  /** Filled in by the pipeline (mutable on purpose: copying 18-field objects per line was a hot spot). */
  axVat: Dec;
  homeAmount: Dec;
  homeVat: Dec;
}

/** Maps each source line: the line's decisions, then the configured splits. */
async function workLines(input: TradeLinesInput, vatShares: readonly Dec[]): Promise<WorkLine[]> {
  const { ctx, doc, taxGroup, decisions } = input;
  const out: WorkLine[] = [];
  const decimals = ctx.cm.currency.rounding(doc.currency).decimals;
  for (let i = 0; i < doc.lines.length; i++) {
    const line = doc.lines[i] as DocumentLine;
    const src = `KashFlow LineItems[${i}]`;
    const pending = decisions.get(line, i);
    const d = pending instanceof Promise ? await pending : pending;
    const notes: Note[] = [];
    if (d.category) notes.push({ rel: '.(productCategory)', value: d.category.value, rule: d.category.rule });
    notes.push({ rel: '.LedgerDimension.Account', value: d.mainAccount, rule: d.accountRule });
    notes.push({ rel: '.TaxGroup', value: taxGroup.group, rule: taxGroup.rule });
    notes.push({ rel: '.TaxItemGroup', value: d.itemGroup, rule: d.itemRule });
    const consistent = isConsistent(line, decimals);
    const vatShare = vatShares[i] as Dec;
    const work = (w: Pick<WorkLine, 'quantity' | 'unitPrice' | 'amount' | 'vat' | 'account' | 'dims' | 'notes' | 'values'>): WorkLine => ({
      sources: [i],
      description: line.description,
      quantity: w.quantity,
      unitPrice: w.unitPrice,
      amount: w.amount,
      vat: w.vat,
      mainAccount: d.mainAccount,
      account: w.account,
      dims: w.dims,
      taxGroup: taxGroup.group,
      taxItemGroup: d.itemGroup,
      axRate: d.axRate,
      nominal: line.nominalCode,
      rounding: false,
      notes: w.notes,
      values: w.values,
      axVat: ZERO,
      homeAmount: ZERO,
      homeVat: ZERO,
    });
    const split = d.split;
    if (!split) {
      const p = d.placements[0] as (typeof d.placements)[number];
      notes.push({ rel: '.LedgerDimension.DisplayValue', value: p.account.displayValue, rule: p.accountRule });
      notes.push({ rel: '.AmountCur', value: formatFixed(line.net, 2), rule: `${src}: Quantity ${line.quantity.toString()} × Rate ${line.rate.toString()}` });
      out.push(work({ quantity: consistent ? line.quantity : ONE, unitPrice: consistent ? line.rate : line.net, amount: line.net, vat: vatShare, account: p.account, dims: p.dims, notes, values: p.values }));
      continue;
    }
    const percents = split.shares.map((s) => s.percent);
    const amounts = allocateLargestRemainder(line.net, percents, decimals);
    const vats = allocateLargestRemainder(vatShare, percents, decimals);
    split.shares.forEach((share, k) => {
      const p = d.placements[k] as (typeof d.placements)[number];
      const amount = amounts[k] as Dec;
      out.push(
        work({
          quantity: ONE,
          unitPrice: amount,
          amount,
          vat: vats[k] as Dec,
          account: p.account,
          dims: p.dims,
          values: p.values,
          notes: notes.concat({ rel: '.LedgerDimension.DisplayValue', value: p.account.displayValue, rule: p.accountRule }, { rel: '.AmountCur', value: amount.toFixed(2), rule: `${split.label}: ${share.percent.toString()} % of ${line.net.toFixed(2)} (largest remainder)` }),
        }),
      );
    });
  }
  return out;
}

function aggregateKey(l: WorkLine): string {
  const dims = [...l.dims.entries()].map(([k, v]) => `${k}=${v.value}`).sort().join(',');
  return `${l.account.displayValue}|${dims}|${l.taxGroup ?? ''}|${l.taxItemGroup ?? ''}|${l.axRate.toString()}`;
}

/**
 * Groups lines by account + dimensions + tax codes. With `vatSafe`, a line joins a group only
 * when AX would compute the same VAT on the merged amount as on the parts, so aggregation
 * never creates a VAT difference; otherwise it starts another group with the same key.
 */
function aggregate(ctx: MappingContext, lines: WorkLine[], decimals: number): WorkLine[] {
  const { cm } = ctx;
  const groups: WorkLine[] = [];
  const byKey = new Map<string, number[]>();
  for (const l of lines) {
    const key = aggregateKey(l);
    const candidates = byKey.get(key) ?? [];
    let merged = false;
    for (const gi of candidates) {
      const g = groups[gi] as WorkLine;
      const amount = g.amount.plus(l.amount);
      if (cm.aggregate.vatSafe && !axLineTax(cm, amount, l.axRate, decimals).eq(axLineTax(cm, g.amount, g.axRate, decimals).plus(axLineTax(cm, l.amount, l.axRate, decimals)))) continue;
      groups[gi] = Object.assign({}, g, { sources: g.sources.concat(l.sources), amount, unitPrice: amount, quantity: new Dec(1), vat: g.vat.plus(l.vat) });
      merged = true;
      break;
    }
    if (!merged) {
      candidates.push(groups.length);
      byKey.set(key, candidates);
      groups.push(l);
    }
  }
  return groups.map((g) => {
    if (g.sources.length === 1) return g;
    const names = g.nominal === undefined ? '' : (ctx.ref?.mainAccount(g.mainAccount)?.name ?? '');
    const description = cm.aggregate.descriptionTemplate({ nominal: g.nominal, nominalName: names || `Nominal ${String(g.nominal)}`, mainAccount: g.mainAccount, count: g.sources.length });
    const src = g.sources.map((s) => `LineItems[${s}]`).join(', ');
    const notes = g.notes.filter((n) => n.rel !== '.AmountCur').concat({ rel: '.AmountCur', value: g.amount.toFixed(2), rule: `lines.aggregate: sum of ${src} (same account, dimensions and tax codes${cm.aggregate.vatSafe ? ', VAT-safe' : ''})` });
    return Object.assign({}, g, { description, notes });
  });
}

/**
 * The line pipeline in decimals: the general path (any number of decimals, aggregation, lines
 * decided by JSONata). See {@link mapTradeLines}.
 */
export async function mapTradeLinesInDecimals(input: TradeLinesInput): Promise<MappedTradeLines> {
  const { ctx, doc, headerDims } = input;
  const { cm } = ctx;
  const { decimals, mode } = cm.currency.rounding(doc.currency);
  const reconciled = reconcileLineVat(
    doc.lines.map((l) => l.vatAmount),
    doc.vat,
  );
  if (!reconciled.moved.isZero()) ctx.warnings.push(`document VAT ${doc.vat.toFixed(2)} differs from the sum of line VAT by ${reconciled.moved.toFixed(2)}; the difference is carried by the line with the largest VAT`);
  let lines = await workLines(input, reconciled.vat);
  if (cm.aggregate.enabled && (cm.aggregate.entities as readonly string[]).includes(doc.kind)) lines = aggregate(ctx, lines, decimals);

  const axVats = lines.map((l) => axLineTax(cm, l.amount, l.axRate, decimals));
  const axVatTotal = fastSum(axVats);
  const difference = doc.vat.minus(axVatTotal);
  const all: WorkLine[] = lines;
  lines.forEach((l, i) => {
    l.axVat = axVats[i] as Dec;
  });
  let roundingAmount = new Dec(0);
  if (!difference.isZero()) {
    const d = cm.vat.difference;
    const where = `${doc.source.entity} ${doc.number}`;
    if (difference.abs().gt(d.max) || d.action === 'fail') {
      throw new MappingError('KFAX_MAPPING_VAT_DIFFERENCE', [difference.toFixed(2), where, d.action === 'fail' ? '0.00 (vat.difference.action fail)' : d.max.toFixed(2)], {
        rule: 'vat.difference',
        facts: { documentVat: doc.vat.toFixed(2), axVat: axVatTotal.toFixed(2) },
      });
    }
    if (d.action === 'accept') {
      ctx.warnings.push(`AX will compute VAT ${axVatTotal.toFixed(2)} where KashFlow booked ${doc.vat.toFixed(2)} (difference ${difference.toFixed(2)} accepted by vat.difference.action)`);
    } else {
      roundingAmount = difference;
      const account = ledgerAccount(cm, ctx.ref, d.account as string, dimensionValues(headerDims));
      all.push({
        sources: [],
        description: d.description,
        quantity: new Dec(1),
        unitPrice: difference,
        amount: difference,
        vat: new Dec(0),
        axVat: new Dec(0),
        mainAccount: d.account as string,
        account: account.account,
        dims: headerDims,
        values: dimensionValues(headerDims),
        homeAmount: new Dec(0),
        homeVat: new Dec(0),
        taxGroup: undefined,
        taxItemGroup: undefined,
        axRate: new Dec(0),
        nominal: undefined,
        rounding: true,
        notes: [
          { rel: '.LedgerDimension.Account', value: d.account as string, rule: 'vat.difference.account' },
          { rel: '.AmountCur', value: difference.toFixed(2), rule: `vat.difference rounding-line: KashFlow VAT ${doc.vat.toFixed(2)} − AX line VAT ${axVatTotal.toFixed(2)}` },
        ],
      });
    }
  }

  const kfRate = doc.exchangeRate;
  const home = cm.currency.accountingCurrency;
  const homeGross = doc.homeGross ?? divRound(doc.gross, kfRate, decimals, mode);
  const homeVat = doc.homeVat ?? divRound(doc.vat, kfRate, decimals, mode);
  const homeNetTotal = homeGross.minus(homeVat);
  // Sums known by construction: amounts = net + rounding line; VAT shares = document VAT.
  const homeAmounts = convertWithResidual(
    all.map((l) => l.amount),
    homeNetTotal,
    kfRate,
    decimals,
    mode,
    doc.net.plus(roundingAmount),
  );
  const homeVats = convertWithResidual(
    all.map((l) => l.vat),
    homeVat,
    kfRate,
    decimals,
    mode,
    doc.vat,
  );
  all.forEach((l, i) => {
    l.homeAmount = homeAmounts[i] as Dec;
    l.homeVat = homeVats[i] as Dec;
  });
  const lineTotals: LineTotals[] = all.map((l, i) => ({ lineNum: i + 1, amount: l.amount, vat: l.vat, axVat: l.axVat, homeAmount: l.homeAmount, homeVat: l.homeVat, rounding: l.rounding }));
  const out: TradeLineOut[] = all.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount, account: l.account, taxGroup: l.taxGroup, taxItemGroup: l.taxItemGroup, defaultDimension: orderedDimensions(cm, l.values) }));
  let grossWithAxVat = new Dec(0);
  for (const l of all) grossWithAxVat = grossWithAxVat.plus(l.amount.plus(l.axVat));
  return {
    lines: out,
    totals: { currency: doc.currency, net: doc.net, vat: doc.vat, gross: doc.gross, axVat: axVatTotal, rounding: roundingAmount, homeCurrency: home, homeNet: homeNetTotal, homeVat, homeGross, lines: lineTotals },
    grossWithAxVat,
    explain(target: ExplainEntry[], path: (i: number) => string, rel?: (relative: string, i: number) => string): void {
      all.forEach((l, i) => {
        const p = path(i);
        for (const n of l.notes) target.push({ path: `${p}${rel ? rel(n.rel, i) : n.rel}`, value: n.value, rule: n.rule });
        explainDims(target, p, l.dims);
      });
    },
  };
}
