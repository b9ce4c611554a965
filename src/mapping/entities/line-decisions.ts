import type { DocumentLine } from '../../canonical/document-line.js';
import type { TradeDocument } from '../../canonical/invoice.js';
import { Dec } from '../../canonical/money.js';
import { toUnits } from '../../canonical/units.js';
import type { DimensionValue, LedgerAccount } from '../../connectors/ax/documents/types.js';
import type { CompiledMapping, CompiledSplit } from '../compile/compile.js';
import { PARENT_FACTS, type Facts } from '../compile/facts.js';
import type { AxReferenceData } from '../reference/reference-data.js';
import { ledgerAccount, resolveMainAccount } from '../transforms/accounts.js';
import { deriveDimensionsFast, dimensionValues, orderedDimensions, type DimensionSet } from '../transforms/dimensions.js';
import { axTaxRate, itemTaxGroup } from '../transforms/vat.js';
import type { MappingContext } from './context.js';

const ZERO = new Dec(0);

/** One AX line a KashFlow line becomes: the whole line, or one share of a split. */
export interface LinePlacement {
  readonly account: LedgerAccount;
  /** Which structure built the DisplayValue. */
  readonly accountRule: string;
  readonly dims: DimensionSet;
  /** Dimension values (without rules). */
  readonly values: ReadonlyMap<string, string>;
  /** DefaultDimension in configured order (shared: copy before handing it out). */
  readonly defaultDimension: readonly DimensionValue[];
  /** The dimensions' explanations, relative to the line (`.DefaultDimension[<name>]`). */
  readonly dimensionNotes: readonly { readonly rel: string; readonly value: string; readonly rule: string }[];
  /** The split share, when the line is split; `rule` starts its amount's explanation. */
  readonly share: { readonly percent: Dec; readonly label: string; readonly rule: string } | undefined;
}

/**
 * Everything the rules decide about an invoice line that does not depend on its amounts.
 * Immutable once built: it is shared by every line (of any document) with the same facts.
 */
export interface LineDecision {
  readonly category: { readonly value: string; readonly rule: string } | undefined;
  readonly mainAccount: string;
  /** Explanation rule of the main account (`accounts.nominals[4000] for nominal 4000`). */
  readonly accountRule: string;
  readonly dims: DimensionSet;
  readonly itemGroup: string;
  /** Explanation rule of the item tax group, with the AX rate. */
  readonly itemRule: string;
  /** The rate AX will apply, and the same in units of 10^-4 (undefined when it has more decimals). */
  readonly axRate: Dec;
  readonly axRateUnits: number | undefined;
  readonly split: CompiledSplit | undefined;
  /** One placement (no split) or one per share. */
  readonly placements: readonly LinePlacement[];
}

/** The facts of a line, layered over its document's facts (prototype-like chain, not a copy). */
export function lineFacts(doc: TradeDocument, line: DocumentLine, docFacts: Facts): Record<string, unknown> {
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

type Hit = { value: string; rule: string } | undefined;

function productCategory(ctx: MappingContext, line: DocumentLine, facts: Facts): Hit | Promise<Hit> {
  if (line.productCode) {
    const itemId = ctx.cm.products.itemId({ code: line.productCode });
    const p = ctx.ref?.product(itemId);
    if (p && p.itemGroup !== '') return { value: p.itemGroup, rule: `AX reference data: item ${itemId} is in item group ${p.itemGroup}` };
  }
  const t = ctx.cm.products.category;
  if (!t) return undefined;
  return t.evaluate(facts);
}

/** What a line's decision depends on besides the line itself (the same for every line of a document). */
export interface LineScope {
  readonly ctx: MappingContext;
  readonly doc: TradeDocument;
  readonly docFacts: Facts;
  readonly tables: Parameters<typeof deriveDimensionsFast>[0];
  readonly inherit: DimensionSet | undefined;
  readonly taxGroup: { readonly group: string; readonly rule: string };
  /** The document's AX rates by item group and KashFlow rate (the first line of a pair decides it). */
  readonly rates: Map<string, { rate: Dec; rule: string; text: string }>;
  /**
   * False when decisions must not outlive the document: with an exempt line at a non-zero
   * rate, the AX rate of an (item group, rate) pair depends on which line came first.
   */
  readonly remember: boolean;
}

/**
 * Decides a line: product category, main account, dimensions, item tax group and AX rate,
 * split and ledger accounts, in the same order as always (so the same rule fails first).
 * Synchronous unless a JSONata row decides.
 */
export function decideLine(s: LineScope, line: DocumentLine, i: number, rateKey: string, shared: boolean): LineDecision | Promise<LineDecision> {
  const facts = lineFacts(s.doc, line, s.docFacts);
  const c = productCategory(s.ctx, line, facts);
  if (c instanceof Promise) return c.then((category) => afterCategory(s, line, i, rateKey, shared, facts, category));
  return afterCategory(s, line, i, rateKey, shared, facts, c);
}

function afterCategory(s: LineScope, line: DocumentLine, i: number, rateKey: string, shared: boolean, facts: Record<string, unknown>, category: Hit): LineDecision | Promise<LineDecision> {
  if (category) facts.productCategory = category.value;
  const main = resolveMainAccount(s.ctx.cm, facts, `KashFlow LineItems[${i}].NominalCode ${line.nominalCode}`);
  const d = deriveDimensionsFast(s.tables, facts, s.inherit);
  if (d instanceof Promise) return d.then((dims) => finish(s, line, i, rateKey, shared, facts, category, main, dims));
  return finish(s, line, i, rateKey, shared, facts, category, main, d);
}

function finish(s: LineScope, line: DocumentLine, i: number, rateKey: string, shared: boolean, facts: Facts, category: Hit, main: { mainAccount: string; rule: string }, dims: DimensionSet): LineDecision {
  const { cm, ref } = s.ctx;
  const item = itemTaxGroup(cm, line.vatRate, line.vatExempt, `KashFlow LineItems[${i}].VATLevel`, rateKey);
  const axRate = rateOf(s, item.group, line.vatExempt ? ZERO : line.vatRate, `${item.group}|${rateKey}`);
  const split = cm.splits.find((sp) => sp.when(facts));
  const placements = split ? split.shares.map((share) => splitPlacement(cm, ref, main.mainAccount, dims, split, share, shared)) : [placement(cm, ref, main.mainAccount, dims, undefined, shared)];
  return {
    category,
    mainAccount: main.mainAccount,
    accountRule: `${main.rule} for nominal ${line.nominalCode}`,
    dims,
    itemGroup: item.group,
    itemRule: `${item.rule}; AX rate ${axRate.text} % from ${axRate.rule}`,
    axRate: axRate.rate,
    axRateUnits: toUnits(axRate.rate, 4),
    split,
    placements,
  };
}

function rateOf(s: LineScope, itemGroup: string, rate: Dec, key: string): { rate: Dec; rule: string; text: string } {
  const known = s.rates.get(key);
  if (known) return known;
  const r = axTaxRate(s.ctx.ref, s.taxGroup.group, itemGroup, rate);
  const withText = { rate: r.rate, rule: r.rule, text: r.rate.toString() };
  s.rates.set(key, withText);
  return withText;
}

/**
 * The ledger account and default dimensions of a placement. The account and the dimension
 * values go into documents as they are, shared by every line with the same decision; when the
 * decision is `shared` beyond one document they are frozen (the document types already declare
 * them read-only; freezing costs about a microsecond, so a decision for one document skips it).
 * The DefaultDimension list is copied for each document line; it stays unfrozen because copying
 * a frozen array is slow.
 */
function placement(cm: CompiledMapping, ref: AxReferenceData | undefined, mainAccount: string, dims: DimensionSet, share: LinePlacement['share'], shared: boolean): LinePlacement {
  const values = dimensionValues(dims);
  const acct = ledgerAccount(cm, ref, mainAccount, values);
  const defaultDimension = orderedDimensions(cm, values);
  if (shared) {
    for (const v of acct.account.values) Object.freeze(v);
    Object.freeze(acct.account.values);
    Object.freeze(acct.account);
    for (const v of defaultDimension) Object.freeze(v);
  }
  const dimensionNotes = [...dims].map(([name, v]) => ({ rel: `.DefaultDimension[${name}]`, value: v.value, rule: v.rule }));
  return { account: acct.account, accountRule: acct.rule, dims, values, defaultDimension, dimensionNotes, share };
}

function splitPlacement(cm: CompiledMapping, ref: AxReferenceData | undefined, mainAccount: string, dims: DimensionSet, split: CompiledSplit, share: CompiledSplit['shares'][number], shared: boolean): LinePlacement {
  const partDims: DimensionSet = new Map(dims);
  partDims.set(split.dimension, { value: share.value, rule: `${split.label}: ${share.percent.toString()} %` });
  return placement(cm, ref, mainAccount, partDims, { percent: share.percent, label: split.label, rule: `${split.label}: ${share.percent.toString()} % of ` }, shared);
}
