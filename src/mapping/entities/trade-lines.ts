import type { TradeDocument } from '../../canonical/invoice.js';
import type { Facts } from '../compile/facts.js';
import type { DimensionSet } from '../transforms/dimensions.js';
import type { MappingContext } from './context.js';
import { LineDecisions } from './line-memo.js';
import { mapTradeLinesInDecimals } from './trade-lines-decimal.js';
import type { MappedTradeLines, TradeLinesInput } from './trade-lines-shared.js';
import { mapTradeLinesInUnits } from './trade-lines-units.js';

export type { MappedTradeLines, TradeLineOut } from './trade-lines-shared.js';

/**
 * The invoice line pipeline shared by sales and purchase invoices: map every line, split,
 * aggregate, compute the VAT AX will post, apply the VAT difference rule, and allocate home
 * currency amounts so that every total agrees with KashFlow to the penny.
 *
 * Amounts normally travel as integer units of the currency's smallest unit
 * ({@link mapTradeLinesInUnits}); a document that does not fit that (more decimals than the
 * currency has, amounts beyond 2^53 units, aggregation, a line decided by JSONata) takes the
 * decimal pipeline, which gives the same results for everything the integer one handles.
 * Synchronous when the integer pipeline takes the document.
 */
export function mapTradeLines(ctx: MappingContext, doc: TradeDocument, docFacts: Facts, headerDims: DimensionSet, taxGroup: { group: string; rule: string }): MappedTradeLines | Promise<MappedTradeLines> {
  const { cm } = ctx;
  const decisions = new LineDecisions({
    ctx,
    doc,
    docFacts,
    tables: cm.dimensions.line.get(doc.kind) ?? [],
    inherit: cm.dimensions.inheritHeader ? headerDims : undefined,
    taxGroup,
    rates: new Map(),
    remember: !doc.lines.some((l) => l.vatExempt && !l.vatRate.isZero()),
  });
  const input: TradeLinesInput = { ctx, doc, headerDims, taxGroup, decisions };
  const aggregating = cm.aggregate.enabled && (cm.aggregate.entities as readonly string[]).includes(doc.kind);
  return (aggregating ? undefined : mapTradeLinesInUnits(input)) ?? mapTradeLinesInDecimals(input);
}
