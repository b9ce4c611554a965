import type { DocumentLine } from '../../canonical/document-line.js';
import type { TradeDocument } from '../../canonical/invoice.js';
import { type Dec, roundTo } from '../../canonical/money.js';
import { mulShiftRound, roundUnits, toUnits } from '../../canonical/units.js';
import type { DimensionValue, LedgerAccount } from '../../connectors/ax/documents/types.js';
import type { ExplainEntry } from '../explain.js';
import type { DimensionSet } from '../transforms/dimensions.js';
import type { MappingContext, TradeTotals } from './context.js';
import type { LineDecisions } from './line-memo.js';

/** One AX line of a mapped invoice (before it becomes a document line). */
export interface TradeLineOut {
  readonly description: string;
  readonly quantity: Dec;
  readonly unitPrice: Dec;
  readonly amount: Dec;
  readonly account: LedgerAccount;
  readonly taxGroup: string | undefined;
  readonly taxItemGroup: string | undefined;
  /** DefaultDimension in configured order; shared with other lines: copy it for a document. */
  readonly defaultDimension: readonly DimensionValue[];
}

/** A fully mapped list of lines plus totals. */
export interface MappedTradeLines {
  readonly lines: readonly TradeLineOut[];
  readonly totals: TradeTotals;
  /** Σ (line amount + the VAT AX computes on it): what the party owes once AX adds the VAT. */
  readonly grossWithAxVat: Dec;
  /**
   * Appends the explanation of every line: its notes under `path(i)` (each relative path
   * passed through `rel`, if given), then its dimensions.
   */
  explain(out: ExplainEntry[], path: (i: number) => string, rel?: (relative: string, i: number) => string): void;
}

/** The document-level inputs of the line pipeline. */
export interface TradeLinesInput {
  readonly ctx: MappingContext;
  readonly doc: TradeDocument;
  readonly headerDims: DimensionSet;
  readonly taxGroup: { readonly group: string; readonly rule: string };
  readonly decisions: LineDecisions;
}

/** An explanation note of a line, relative to the line's path. */
export interface Note {
  readonly rel: string;
  readonly value: string;
  readonly rule: string;
}

/** Appends a line's dimension explanations (`<path>.DefaultDimension[<name>]`). */
export function explainDims(out: ExplainEntry[], path: string, dims: DimensionSet): void {
  for (const [name, v] of dims) out.push({ path: `${path}.DefaultDimension[${name}]`, value: v.value, rule: v.rule });
}

/** True when quantity × rate rounds to the line's net amount (then AX gets them as they are). */
export function isConsistent(line: DocumentLine, decimals: number, netUnits: number | undefined = toUnits(line.net, decimals)): boolean {
  const q = toUnits(line.quantity, 4);
  const r = toUnits(line.rate, 4);
  const n = netUnits;
  if (q !== undefined && r !== undefined && n !== undefined && decimals <= 8 && Number.isSafeInteger(q * r)) return roundUnits(q * r, 10 ** (8 - decimals), 'half-up') === n;
  return mulShiftRound(line.quantity, line.rate, 0, decimals, 'half-up', () => roundTo(line.quantity.times(line.rate), decimals)).eq(line.net);
}
