import type { TradeDocument } from '../../canonical/invoice.js';
import { MappingError } from '../errors.js';
import { deriveDimensions, type DimensionSet } from '../transforms/dimensions.js';
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

export async function mapTradeHeader(ctx: MappingContext, doc: TradeDocument, headerPath: string): Promise<TradeHeader> {
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
  const group = await resolvePartyGroup(ctx, kind, account.account, base, `${headerPath} group`);
  const facts = base;
  facts[kind === 'customer' ? 'customerGroup' : 'vendorGroup'] = group.group;
  facts.partyGroup = group.group;
  const t = ctx.cm.vat.taxGroup.evaluate(facts);
  const hit = t instanceof Promise ? await t : t;
  if (!hit) throw new MappingError('KFAX_MAPPING_NO_RULE', [`${headerPath} TaxGroup`, 'no row of vat.taxGroup matched'], { rule: 'vat.taxGroup' });
  const dims = await deriveDimensions(ctx.cm.dimensions.header.get(doc.kind) ?? [], facts);
  return { facts, account, group, taxGroup: { group: hit.value, rule: hit.rule }, dims };
}
