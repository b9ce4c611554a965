import type { TradeDocument } from '../../canonical/invoice.js';
import type { TableHit } from '../compile/decision-table.js';
import { MappingError } from '../errors.js';
import { deriveDimensionsFast, type DimensionSet } from '../transforms/dimensions.js';
import type { MappingContext } from './context.js';
import { partyAccount, resolvePartyGroup } from './party-facts.js';

/** Header facts, party account/group, tax group and header dimensions of an invoice. */
export interface TradeHeader {
  readonly facts: Record<string, unknown>;
  readonly account: { account: string; rule: string };
  readonly group: { group: string; rule: string };
  readonly taxGroup: { group: string; rule: string };
  readonly dims: DimensionSet;
}

/** The header of an invoice; synchronous unless a JSONata expression decides something. */
export function mapTradeHeader(ctx: MappingContext, doc: TradeDocument, headerPath: string): TradeHeader | Promise<TradeHeader> {
  const kind = doc.kind === 'sales-invoice' ? 'customer' : 'supplier';
  const account = partyAccount(ctx, kind, doc.partyCode);
  const base: Record<string, unknown> = {
    entity: doc.kind,
    transactionType: doc.kind,
    partyKind: kind,
    number: doc.number,
    reference: doc.reference,
    date: doc.issuedDate,
    currency: doc.currency,
    partyCode: doc.partyCode,
    [kind === 'customer' ? 'customerCode' : 'supplierCode']: doc.partyCode,
    [kind === 'customer' ? 'customerName' : 'supplierName']: doc.partyName,
    account: account.account,
    inEC: doc.inEC,
    outsideEC: doc.outsideEC,
    country: doc.address?.countryCode ?? '',
    project: doc.projectNumber,
    status: doc.status,
  };
  const group = resolvePartyGroup(ctx, kind, account.account, base, `${headerPath} group`);
  if (group instanceof Promise) return group.then((g) => afterGroup(ctx, doc, headerPath, kind, account, base, g));
  return afterGroup(ctx, doc, headerPath, kind, account, base, group);
}

function afterGroup(ctx: MappingContext, doc: TradeDocument, headerPath: string, kind: 'customer' | 'supplier', account: TradeHeader['account'], facts: Record<string, unknown>, group: TradeHeader['group']): TradeHeader | Promise<TradeHeader> {
  facts[kind === 'customer' ? 'customerGroup' : 'vendorGroup'] = group.group;
  facts.partyGroup = group.group;
  const t = ctx.cm.vat.taxGroup.evaluate(facts);
  if (t instanceof Promise) return t.then((hit) => afterTaxGroup(ctx, doc, headerPath, account, facts, group, hit));
  return afterTaxGroup(ctx, doc, headerPath, account, facts, group, t);
}

function afterTaxGroup(ctx: MappingContext, doc: TradeDocument, headerPath: string, account: TradeHeader['account'], facts: Record<string, unknown>, group: TradeHeader['group'], hit: TableHit | undefined): TradeHeader | Promise<TradeHeader> {
  if (!hit) throw new MappingError('KFAX_MAPPING_NO_RULE', [`${headerPath} TaxGroup`, 'no row of vat.taxGroup matched'], { rule: 'vat.taxGroup' });
  const taxGroup = { group: hit.value, rule: hit.rule };
  const dims = deriveDimensionsFast(ctx.cm.dimensions.header.get(doc.kind) ?? [], facts);
  if (dims instanceof Promise) return dims.then((d) => ({ facts, account, group, taxGroup, dims: d }));
  return { facts, account, group, taxGroup, dims };
}
