import type { DocumentLine } from '../../canonical/document-line.js';
import type { TradeDocument } from '../../canonical/invoice.js';
import { divRound } from '../../canonical/divide.js';
import { Dec, roundTo } from '../../canonical/money.js';
import { fastSum, formatFixed, mulShiftRound, roundUnits, toUnits } from '../../canonical/units.js';
import type { LedgerAccount } from '../../connectors/ax/documents/types.js';
import { PARENT_FACTS, type Facts } from '../compile/facts.js';
import { MappingError } from '../errors.js';
import { ledgerAccount, resolveMainAccount } from '../transforms/accounts.js';
import { allocateLargestRemainder, convertWithResidual } from '../transforms/allocate.js';
import { deriveDimensionsFast, dimensionValues, type DimensionSet } from '../transforms/dimensions.js';
import { axLineTax, axTaxRate, itemTaxGroup, reconcileLineVat } from '../transforms/vat.js';
import type { LineTotals, MappingContext, TradeTotals } from './context.js';

const ONE = new Dec(1);
const ZERO = new Dec(0);

/** A line on its way to AX; explanations wait until the final line number is known. */
export interface WorkLine {
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
  readonly notes: readonly { rel: string; value: string; rule: string }[];
  /** Dimension values (without rules), for LedgerDimension and DefaultDimension. */
  readonly values: ReadonlyMap<string, string>;
  /** Filled in by the pipeline (mutable on purpose: copying 18-field objects per line was a hot spot). */
  axVat: Dec;
  homeAmount: Dec;
  homeVat: Dec;
}

/** A fully mapped list of lines plus totals. */
export interface MappedTradeLines {
  readonly lines: readonly WorkLine[];
  readonly totals: TradeTotals;
}

/**
 * Line facts layered over the document facts (prototype chain, not a copy: object spread
 * with extra keys takes a slow path in V8 and was most of the mapping time).
 */
function lineFacts(doc: TradeDocument, line: DocumentLine, docFacts: Facts): Record<string, unknown> {
  return {
    [PARENT_FACTS]: docFacts,
    nominal: line.nominalCode,
    productCode: line.productCode ?? '',
    productCategory: '',
    vatRate: line.vatRate,
    vatExempt: line.vatExempt,
    project: line.projectNumber ?? doc.projectNumber,
    description: line.description,
    lineNumber: line.number,
    quantity: line.quantity,
    amount: line.net,
  };
}

function productCategory(ctx: MappingContext, line: DocumentLine, facts: Facts): { value: string; rule: string } | undefined | Promise<{ value: string; rule: string } | undefined> {
  if (line.productCode) {
    const itemId = ctx.cm.products.itemId({ code: line.productCode });
    const p = ctx.ref?.product(itemId);
    if (p && p.itemGroup !== '') return { value: p.itemGroup, rule: `AX reference data: item ${itemId} is in item group ${p.itemGroup}` };
  }
  const t = ctx.cm.products.category;
  if (!t) return undefined;
  return t.evaluate(facts);
}

/** True when quantity × rate rounds to the line's net amount (then AX gets them as they are). */
function isConsistent(line: DocumentLine, decimals: number): boolean {
  const q = toUnits(line.quantity, 4);
  const r = toUnits(line.rate, 4);
  const n = toUnits(line.net, decimals);
  if (q !== undefined && r !== undefined && n !== undefined && decimals <= 8 && Number.isSafeInteger(q * r)) return roundUnits(q * r, 10 ** (8 - decimals), 'half-up') === n;
  return mulShiftRound(line.quantity, line.rate, 0, decimals, 'half-up', () => roundTo(line.quantity.times(line.rate), decimals)).eq(line.net);
}

/** Maps each source line: account, dimensions, tax groups, then the configured splits. */
async function workLines(ctx: MappingContext, doc: TradeDocument, docFacts: Facts, headerDims: DimensionSet, taxGroup: { group: string; rule: string }, linePath: string, vatShares: readonly Dec[]): Promise<WorkLine[]> {
  const { cm } = ctx;
  const out: WorkLine[] = [];
  const tables = cm.dimensions.line.get(doc.kind) ?? [];
  const inherit = cm.dimensions.inheritHeader ? headerDims : undefined;
  const decimals = cm.currency.rounding(doc.currency).decimals;
  const rates = new Map<string, { rate: Dec; rule: string; text: string }>();
  const rateFor = (group: string, rate: Dec, key: string): { rate: Dec; rule: string; text: string } => {
    const r = axTaxRate(ctx.ref, taxGroup.group, group, rate);
    const withText = { rate: r.rate, rule: r.rule, text: r.rate.toString() };
    rates.set(key, withText);
    return withText;
  };
  for (let i = 0; i < doc.lines.length; i++) {
    const line = doc.lines[i] as DocumentLine;
    const src = `KashFlow LineItems[${i}]`;
    const facts = lineFacts(doc, line, docFacts);
    const c = productCategory(ctx, line, facts);
    const category = c instanceof Promise ? await c : c;
    if (category) facts.productCategory = category.value;
    const main = resolveMainAccount(cm, facts, `${src}.NominalCode ${line.nominalCode}`);
    const d = deriveDimensionsFast(tables, facts, inherit);
    const dims = d instanceof Promise ? await d : d;
    const rateKey = line.vatRate.toString();
    const item = itemTaxGroup(cm, line.vatRate, line.vatExempt, `${src}.VATLevel`, rateKey);
    const axRate = rates.get(`${item.group}|${rateKey}`) ?? rateFor(item.group, line.vatExempt ? ZERO : line.vatRate, `${item.group}|${rateKey}`);
    const notes: { rel: string; value: string; rule: string }[] = [];
    if (category) notes.push({ rel: '.(productCategory)', value: category.value, rule: category.rule });
    notes.push({ rel: '.LedgerDimension.Account', value: main.mainAccount, rule: `${main.rule} for nominal ${line.nominalCode}` });
    notes.push({ rel: '.TaxGroup', value: taxGroup.group, rule: taxGroup.rule });
    notes.push({ rel: '.TaxItemGroup', value: item.group, rule: `${item.rule}; AX rate ${axRate.text} % from ${axRate.rule}` });
    const split = cm.splits.find((s) => s.when(facts));
    const consistent = isConsistent(line, decimals);
    const vatShare = vatShares[i] as Dec;
    const work = (w: Pick<WorkLine, 'quantity' | 'unitPrice' | 'amount' | 'vat' | 'account' | 'dims' | 'notes' | 'values'>): WorkLine => ({
      sources: [i],
      description: line.description,
      quantity: w.quantity,
      unitPrice: w.unitPrice,
      amount: w.amount,
      vat: w.vat,
      mainAccount: main.mainAccount,
      account: w.account,
      dims: w.dims,
      taxGroup: taxGroup.group,
      taxItemGroup: item.group,
      axRate: axRate.rate,
      nominal: line.nominalCode,
      rounding: false,
      notes: w.notes,
      values: w.values,
      axVat: ZERO,
      homeAmount: ZERO,
      homeVat: ZERO,
    });
    if (!split) {
      const values = dimensionValues(dims);
      const acct = ledgerAccount(cm, ctx.ref, main.mainAccount, values);
      notes.push({ rel: '.LedgerDimension.DisplayValue', value: acct.account.displayValue, rule: acct.rule });
      notes.push({ rel: '.AmountCur', value: formatFixed(line.net, 2), rule: `${src}: Quantity ${line.quantity.toString()} × Rate ${line.rate.toString()}` });
      out.push(work({ quantity: consistent ? line.quantity : ONE, unitPrice: consistent ? line.rate : line.net, amount: line.net, vat: vatShare, account: acct.account, dims, notes, values }));
      continue;
    }
    const percents = split.shares.map((s) => s.percent);
    const amounts = allocateLargestRemainder(line.net, percents, decimals);
    const vats = allocateLargestRemainder(vatShare, percents, decimals);
    split.shares.forEach((share, k) => {
      const partDims: DimensionSet = new Map(dims);
      partDims.set(split.dimension, { value: share.value, rule: `${split.label}: ${share.percent.toString()} %` });
      const partValues = dimensionValues(partDims);
      const acct = ledgerAccount(cm, ctx.ref, main.mainAccount, partValues);
      const amount = amounts[k] as Dec;
      out.push(
        work({
          quantity: ONE,
          unitPrice: amount,
          amount,
          vat: vats[k] as Dec,
          account: acct.account,
          dims: partDims,
          values: partValues,
          notes: notes.concat({ rel: '.LedgerDimension.DisplayValue', value: acct.account.displayValue, rule: acct.rule }, { rel: '.AmountCur', value: amount.toFixed(2), rule: `${split.label}: ${share.percent.toString()} % of ${line.net.toFixed(2)} (largest remainder)` }),
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
 * The invoice line pipeline shared by sales and purchase invoices: map every line, split,
 * aggregate, compute the VAT AX will post, apply the VAT difference rule, and allocate home
 * currency amounts so that every total agrees with KashFlow to the penny.
 */
export async function mapTradeLines(ctx: MappingContext, doc: TradeDocument, docFacts: Facts, headerDims: DimensionSet, taxGroup: { group: string; rule: string }, linePath: string): Promise<MappedTradeLines> {
  const { cm } = ctx;
  const { decimals, mode } = cm.currency.rounding(doc.currency);
  const reconciled = reconcileLineVat(doc.lines.map((l) => l.vatAmount), doc.vat);
  if (!reconciled.moved.isZero()) ctx.warnings.push(`document VAT ${doc.vat.toFixed(2)} differs from the sum of line VAT by ${reconciled.moved.toFixed(2)}; the difference is carried by the line with the largest VAT`);
  let lines = await workLines(ctx, doc, docFacts, headerDims, taxGroup, linePath, reconciled.vat);
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
  const homeAmounts = convertWithResidual(all.map((l) => l.amount), homeNetTotal, kfRate, decimals, mode, doc.net.plus(roundingAmount));
  const homeVats = convertWithResidual(all.map((l) => l.vat), homeVat, kfRate, decimals, mode, doc.vat);
  all.forEach((l, i) => {
    l.homeAmount = homeAmounts[i] as Dec;
    l.homeVat = homeVats[i] as Dec;
  });
  const mapped = all;
  const lineTotals: LineTotals[] = mapped.map((l, i) => ({ lineNum: i + 1, amount: l.amount, vat: l.vat, axVat: l.axVat, homeAmount: l.homeAmount, homeVat: l.homeVat, rounding: l.rounding }));
  return {
    lines: mapped,
    totals: { currency: doc.currency, net: doc.net, vat: doc.vat, gross: doc.gross, axVat: axVatTotal, rounding: roundingAmount, homeCurrency: home, homeNet: homeNetTotal, homeVat, homeGross, lines: lineTotals },
  };
}
