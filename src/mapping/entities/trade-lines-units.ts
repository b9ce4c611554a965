import type { DocumentLine } from '../../canonical/document-line.js';
import { Dec } from '../../canonical/money.js';
import { decimalText, formatFixed, fromUnits, mulShiftRoundUnits, pow10, roundUnits, toUnits } from '../../canonical/units.js';
import type { DimensionValue, LedgerAccount } from '../../connectors/ax/documents/types.js';
import { MappingError } from '../errors.js';
import type { ExplainEntry } from '../explain.js';
import { ledgerAccount } from '../transforms/accounts.js';
import { allocateUnits, splitWeights } from '../transforms/allocate.js';
import { dimensionValues, orderedDimensions } from '../transforms/dimensions.js';
import { axLineTax } from '../transforms/vat.js';
import type { LineTotals } from './context.js';
import type { LineDecision } from './line-decisions.js';
import { explainDims, isConsistent, type MappedTradeLines, type TradeLineOut, type TradeLinesInput } from './trade-lines-shared.js';

const ONE = new Dec(1);
const ZERO = new Dec(0);
const NEGATIVE_ZERO = new Dec(0).neg();

/** An AX line in the making: what the entity reads, plus its amounts in units and its origin. */
class UnitsLine implements TradeLineOut {
  /** VAT AX computes on the line. */
  axVatUnits = 0;
  axVat: Dec = ZERO;

  constructor(
    readonly description: string,
    readonly quantity: Dec,
    readonly unitPrice: Dec,
    readonly amount: Dec,
    readonly account: LedgerAccount,
    readonly taxGroup: string | undefined,
    readonly taxItemGroup: string | undefined,
    readonly defaultDimension: readonly DimensionValue[],
    /** Net amount in units of 10^-decimals. */
    readonly units: number,
    /** Share of KashFlow's VAT, in units and as a decimal. */
    readonly vatUnits: number,
    readonly vat: Dec,
    /** Undefined for the VAT rounding line. */
    readonly decision: LineDecision | undefined,
    /** Index of the placement (split share) in the decision. */
    readonly placement: number,
    /** Index of the KashFlow line. */
    readonly source: number,
  ) {}
}

/** Sum of safe integers, or NaN once it is not exact any more (NaN then stays NaN). */
function add(a: number, b: number): number {
  const s = a + b;
  return Number.isSafeInteger(s) ? s : NaN;
}

/** A KashFlow exchange rate as integer units and their scale (10^-4 or 10^-8), when positive. */
function rateUnits(rate: Dec): { units: number; scale: number } | undefined {
  for (const scale of [4, 8]) {
    const units = toUnits(rate, scale);
    if (units !== undefined) return units > 0 ? { units, scale } : undefined;
  }
  return undefined;
}

/**
 * The line pipeline in integer units of the currency's smallest unit (10^-decimals): the same
 * steps and the same results as the decimal pipeline, exactly, without a decimal operation per
 * amount. Returns undefined, having changed nothing, when the document does not fit (an amount
 * with more decimals than the currency, a value beyond 2^53 units, a line decided by a JSONata
 * expression, more than 4 currency decimals); the caller then runs the decimal pipeline.
 * Decimals are created only for what the result carries; explanations are built on demand.
 */
export function mapTradeLinesInUnits(input: TradeLinesInput): MappedTradeLines | undefined {
  const { ctx, doc, headerDims, taxGroup, decisions } = input;
  const { cm } = ctx;
  const { decimals: dp, mode } = cm.currency.rounding(doc.currency);
  if (!Number.isInteger(dp) || dp < 0 || dp > 4) return undefined;
  const docNet = toUnits(doc.net, dp);
  const docVat = toUnits(doc.vat, dp);
  const docGross = toUnits(doc.gross, dp);
  if (docNet === undefined || docVat === undefined || docGross === undefined) return undefined;
  const n = doc.lines.length;
  let warnings: string[] | undefined;

  // KashFlow's document VAT can differ from the sum of its line VAT by a penny: the line with
  // the largest VAT carries the difference (as reconcileLineVat does).
  const lineVat: number[] = new Array<number>(n);
  let vatOfLines = 0;
  for (let i = 0; i < n; i++) {
    const u = toUnits((doc.lines[i] as DocumentLine).vatAmount, dp);
    if (u === undefined) return undefined;
    lineVat[i] = u;
    vatOfLines = add(vatOfLines, u);
  }
  const moved = docVat - vatOfLines;
  if (!Number.isSafeInteger(moved)) return undefined;
  let carrier = -1;
  if (moved !== 0) {
    carrier = 0;
    for (let i = 1; i < n; i++) if (Math.abs(lineVat[i] as number) > Math.abs(lineVat[carrier] as number)) carrier = i;
    lineVat[carrier] = (lineVat[carrier] as number) + moved;
    warnings = [`document VAT ${doc.vat.toFixed(2)} differs from the sum of line VAT by ${fromUnits(moved, dp).toFixed(2)}; the difference is carried by the line with the largest VAT`];
  }

  const lines: UnitsLine[] = [];
  for (let i = 0; i < n; i++) {
    const line = doc.lines[i] as DocumentLine;
    const d = decisions.get(line, i);
    if (d instanceof Promise) {
      d.catch(() => undefined); // the decimal pipeline decides (and fails) again
      return undefined;
    }
    const net = toUnits(line.net, dp);
    if (net === undefined) return undefined;
    const share = lineVat[i] as number;
    const shareDec = i === carrier ? fromUnits(share, dp) : line.vatAmount;
    const split = d.split;
    if (!split) {
      const p = d.placements[0] as LineDecision['placements'][number];
      const consistent = isConsistent(line, dp, net);
      lines.push(new UnitsLine(line.description, consistent ? line.quantity : ONE, consistent ? line.rate : line.net, line.net, p.account, taxGroup.group, d.itemGroup, p.defaultDimension, net, share, shareDec, d, 0, i));
      continue;
    }
    const weights = splitWeights(split);
    const amounts = allocateUnits(Math.abs(net), weights);
    const vats = allocateUnits(Math.abs(share), weights);
    if (!amounts || !vats) return undefined;
    // As the decimal allocation: a negative total's parts are negated (a zero part is -0).
    const netNegative = line.net.isNegative();
    const vatNegative = shareDec.isNegative();
    for (let k = 0; k < amounts.length; k++) {
      const p = d.placements[k] as LineDecision['placements'][number];
      const a = amounts[k] as number;
      const v = vats[k] as number;
      const partDec = netNegative ? (a === 0 ? NEGATIVE_ZERO : fromUnits(-a, dp)) : fromUnits(a, dp);
      const vatDec = vatNegative ? (v === 0 ? NEGATIVE_ZERO : fromUnits(-v, dp)) : fromUnits(v, dp);
      lines.push(new UnitsLine(line.description, ONE, partDec, partDec, p.account, taxGroup.group, d.itemGroup, p.defaultDimension, netNegative ? -a : a, vatNegative ? -v : v, vatDec, d, k, i));
    }
  }

  // The VAT AX computes per line (amount × rate, rounded per line), with the same operands
  // and the same fall-back as axLineTax, so even the sign of a zero agrees. (A whole line's
  // amount passed toUnits at `dp` ≤ 4 decimals, so its units of 10^-4 are its units scaled,
  // when that is safe; a split part is read like axLineTax reads it.)
  const toFour = pow10(4 - dp);
  let axVatTotal = 0;
  for (const l of lines) {
    const d = l.decision as LineDecision;
    const scaled = l.units * toFour;
    const a4 = d.axRateUnits === undefined ? undefined : d.split ? toUnits(l.amount, 4) : Number.isSafeInteger(scaled) ? scaled + 0 : undefined;
    const u = d.axRateUnits === undefined || a4 === undefined ? undefined : mulShiftRoundUnits(a4, d.axRateUnits, 2, dp, cm.vat.lineRounding);
    if (u !== undefined) {
      l.axVatUnits = u;
      l.axVat = fromUnits(u, dp);
    } else {
      const tax = axLineTax(cm, l.amount, d.axRate, dp);
      const tu = toUnits(tax, dp);
      if (tu === undefined) return undefined;
      l.axVatUnits = tu;
      l.axVat = tax;
    }
    axVatTotal = add(axVatTotal, l.axVatUnits);
  }
  if (Number.isNaN(axVatTotal)) return undefined;
  const axVatTotalDec = fromUnits(axVatTotal + 0, dp);

  // The VAT difference rule.
  const difference = docVat - axVatTotal;
  let rounding = 0;
  let roundingDec = new Dec(0);
  let roundingRule: { account: string; amountRule: string } | undefined;
  if (difference !== 0) {
    const rule = cm.vat.difference;
    const differenceDec = fromUnits(difference, dp);
    if (differenceDec.abs().gt(rule.max) || rule.action === 'fail') {
      throw new MappingError('KFAX_MAPPING_VAT_DIFFERENCE', [differenceDec.toFixed(2), `${doc.source.entity} ${doc.number}`, rule.action === 'fail' ? '0.00 (vat.difference.action fail)' : rule.max.toFixed(2)], {
        rule: 'vat.difference',
        facts: { documentVat: doc.vat.toFixed(2), axVat: axVatTotalDec.toFixed(2) },
      });
    }
    if (rule.action === 'accept') {
      (warnings ??= []).push(`AX will compute VAT ${axVatTotalDec.toFixed(2)} where KashFlow booked ${doc.vat.toFixed(2)} (difference ${differenceDec.toFixed(2)} accepted by vat.difference.action)`);
    } else {
      rounding = difference;
      roundingDec = differenceDec;
      const values = dimensionValues(headerDims);
      const account = ledgerAccount(cm, ctx.ref, rule.account as string, values);
      const line = new UnitsLine(rule.description, new Dec(1), differenceDec, differenceDec, account.account, undefined, undefined, orderedDimensions(cm, values), difference, 0, new Dec(0), undefined, -1, -1);
      line.axVat = new Dec(0);
      lines.push(line);
      roundingRule = { account: rule.account as string, amountRule: `vat.difference rounding-line: KashFlow VAT ${doc.vat.toFixed(2)} − AX line VAT ${axVatTotalDec.toFixed(2)}` };
    }
  }

  // Home currency: KashFlow's home totals (or the document's, converted), allocated to the lines.
  const rate = rateUnits(doc.exchangeRate);
  if (!rate) return undefined;
  const identity = rate.units === pow10(rate.scale);
  const scaleUp = pow10(rate.scale);
  const toHome = (u: number): number | undefined => {
    const scaled = u * scaleUp;
    return Number.isSafeInteger(scaled) ? roundUnits(scaled, rate.units, mode) + 0 : undefined;
  };
  const homeGross = doc.homeGross === undefined ? toHome(docGross) : toUnits(doc.homeGross, dp);
  const homeVat = doc.homeVat === undefined ? toHome(docVat) : toUnits(doc.homeVat, dp);
  if (homeGross === undefined || homeVat === undefined) return undefined;
  const homeNet = homeGross - homeVat;
  const homeAmounts = convert(lines, false, homeNet, identity ? add(docNet, rounding) : undefined, toHome, dp);
  const homeVats = convert(lines, true, homeVat, identity ? docVat : undefined, toHome, dp);
  if (!homeAmounts || !homeVats || !Number.isSafeInteger(homeNet)) return undefined;

  const lineTotals: LineTotals[] = new Array<LineTotals>(lines.length);
  let grossWithAxVat = 0;
  for (let j = 0; j < lines.length; j++) {
    const l = lines[j] as UnitsLine;
    lineTotals[j] = { lineNum: j + 1, amount: l.amount, vat: l.vat, axVat: l.axVat, homeAmount: homeAmounts[j] as Dec, homeVat: homeVats[j] as Dec, rounding: l.decision === undefined };
    grossWithAxVat = add(grossWithAxVat, add(l.units, l.axVatUnits));
  }
  if (Number.isNaN(grossWithAxVat)) return undefined;

  if (warnings) ctx.warnings.push(...warnings);
  return {
    lines,
    totals: {
      currency: doc.currency,
      net: doc.net,
      vat: doc.vat,
      gross: doc.gross,
      axVat: axVatTotalDec,
      rounding: roundingDec,
      homeCurrency: cm.currency.accountingCurrency,
      homeNet: fromUnits(homeNet + 0, dp),
      homeVat: doc.homeVat ?? fromUnits(homeVat, dp),
      homeGross: doc.homeGross ?? fromUnits(homeGross, dp),
      lines: lineTotals,
    },
    grossWithAxVat: fromUnits(grossWithAxVat + 0, dp),
    explain(out, path, rel) {
      explainLines(out, input, lines, roundingRule, path, rel);
    },
  };
}

/**
 * Converts the lines' amounts (or VAT shares) to home currency and moves the rounding residual
 * so they add up to `total` exactly: one unit at a time to the largest amounts (ties: earlier
 * line), as convertWithResidual does. At rate 1 the amounts stay as they are and `knownSum`
 * is their sum.
 */
function convert(lines: readonly UnitsLine[], vat: boolean, total: number, knownSum: number | undefined, toHome: (u: number) => number | undefined, dp: number): readonly Dec[] | undefined {
  const m = lines.length;
  const amounts = new Array<number>(m);
  const out = new Array<Dec>(m);
  let sum = 0;
  for (let j = 0; j < m; j++) {
    const l = lines[j] as UnitsLine;
    const u = vat ? l.vatUnits : l.units;
    const c = knownSum === undefined ? toHome(u) : u;
    if (c === undefined) return undefined;
    amounts[j] = c;
    sum = add(sum, c);
    out[j] = knownSum === undefined ? fromUnits(c, dp) : vat ? l.vat : l.amount;
  }
  const residual = total - (knownSum ?? sum);
  if (Number.isNaN(sum) || !Number.isSafeInteger(residual)) return undefined;
  if (residual === 0) return out;
  const size = (j: number): number => Math.abs(vat ? (lines[j] as UnitsLine).vatUnits : (lines[j] as UnitsLine).units);
  const order = Array.from({ length: m }, (_, j) => j).sort((x, y) => size(y) - size(x) || x - y);
  const step = residual < 0 ? -1 : 1;
  const touched = new Set<number>();
  for (let k = 0, left = Math.abs(residual); left > 0; k = (k + 1) % m, left--) {
    const j = order[k] as number;
    amounts[j] = (amounts[j] as number) + step;
    touched.add(j);
  }
  for (const j of touched) out[j] = fromUnits((amounts[j] as number) + 0, dp);
  return out;
}

/** The explanation of every line (built when the explanation is read). */
function explainLines(out: ExplainEntry[], input: TradeLinesInput, lines: readonly UnitsLine[], roundingRule: { account: string; amountRule: string } | undefined, path: (i: number) => string, rel?: (relative: string, i: number) => string): void {
  const { doc, headerDims, taxGroup } = input;
  const note = (p: string, j: number, relative: string, value: string, rule: string): void => {
    out.push({ path: p + (rel ? rel(relative, j) : relative), value, rule });
  };
  for (let j = 0; j < lines.length; j++) {
    const p = path(j);
    const l = lines[j] as UnitsLine;
    const d = l.decision;
    if (d === undefined) {
      const r = roundingRule as { account: string; amountRule: string };
      note(p, j, '.LedgerDimension.Account', r.account, 'vat.difference.account');
      note(p, j, '.AmountCur', formatFixed(l.amount, 2), r.amountRule);
      explainDims(out, p, headerDims);
      continue;
    }
    const line = doc.lines[l.source] as DocumentLine;
    const placement = d.placements[l.placement] as LineDecision['placements'][number];
    if (d.category) note(p, j, '.(productCategory)', d.category.value, d.category.rule);
    note(p, j, '.LedgerDimension.Account', d.mainAccount, d.accountRule);
    note(p, j, '.TaxGroup', taxGroup.group, taxGroup.rule);
    note(p, j, '.TaxItemGroup', d.itemGroup, d.itemRule);
    note(p, j, '.LedgerDimension.DisplayValue', placement.account.displayValue, placement.accountRule);
    if (placement.share === undefined) note(p, j, '.AmountCur', formatFixed(line.net, 2), `KashFlow LineItems[${l.source}]: Quantity ${decimalText(line.quantity)} × Rate ${decimalText(line.rate)}`);
    else note(p, j, '.AmountCur', formatFixed(l.amount, 2), `${placement.share.rule}${formatFixed(line.net, 2)} (largest remainder)`);
    for (const n of placement.dimensionNotes) out.push({ path: p + n.rel, value: n.value, rule: n.rule });
  }
}
