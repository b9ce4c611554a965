import type { Party } from '../../canonical/party.js';
import type { AccountTableDocument, ContactInfo, PostalAddress } from '../../connectors/ax/documents/types.js';
import type { CompiledTable } from '../compile/decision-table.js';
import { factText, type Facts } from '../compile/facts.js';
import { MappingError } from '../errors.js';
import { harmoniseAddress } from '../transforms/address.js';
import { deriveDimensions, dimensionValues, explainDimensions, orderedDimensions, type DimensionSet } from '../transforms/dimensions.js';
import type { MappingContext } from './context.js';
import { partyAccount, partyFacts, resolvePartyGroup } from './party-facts.js';

async function decide(table: CompiledTable, facts: Facts, path: string, required: true): Promise<{ value: string; rule: string }>;
async function decide(table: CompiledTable | undefined, facts: Facts, path: string, required: false): Promise<{ value: string; rule: string } | undefined>;
async function decide(table: CompiledTable | undefined, facts: Facts, path: string, required: boolean): Promise<{ value: string; rule: string } | undefined> {
  if (!table) return undefined;
  const r = table.evaluate(facts);
  const hit = r instanceof Promise ? await r : r;
  if (!hit && required) throw new MappingError('KFAX_MAPPING_NO_RULE', [path, `no row of ${table.path} matched`], { path, rule: table.path });
  return hit;
}

/** Custom-field rules: KashFlow custom text/check boxes (or any fact) → AX fields or dimensions. */
async function applyCustomFields(ctx: MappingContext, p: Party, facts: Facts, dims: DimensionSet, record: string): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  for (const cf of ctx.cm.customFields) {
    if (cf.entity !== p.kind) continue;
    const raw = cf.read(facts as Record<string, unknown>);
    const text = factText(raw);
    if (text === '' && cf.skipEmpty) continue;
    let value: string | undefined;
    let how: string;
    if (cf.expression) {
      const r = await cf.expression.evaluate({ value: raw, ...facts });
      value = r === undefined || r === null ? undefined : factText(r);
      how = `expression ${JSON.stringify(cf.expression.source)}`;
    } else if (cf.values) {
      value = cf.values.get(text) ?? cf.values.get('*');
      how = `values["${cf.values.has(text) ? text : '*'}"]`;
      if (value === undefined) throw new MappingError('KFAX_MAPPING_NO_RULE', [`${record} ${cf.label}`, `${cf.sourceLabel} is "${text}", which has no entry in values (and no "*")`], { rule: cf.label });
    } else {
      value = text;
      how = 'copied';
    }
    if (value === undefined || value === '') continue;
    const rule = `${cf.label}: ${cf.sourceLabel} = ${JSON.stringify(text)}, ${how}`;
    if ('dimension' in cf.target) dims.set(cf.target.dimension, { value, rule });
    else {
      fields[cf.target.field] = value;
      ctx.explain.add(`${record}.${cf.target.field}`, value, rule);
    }
  }
  return fields;
}

function contacts(p: Party): ContactInfo[] {
  const first = p.contacts[0];
  const email = p.email || first?.email || '';
  const phone = p.telephone || first?.telephone || '';
  const mobile = first?.mobile ?? '';
  const out: ContactInfo[] = [];
  if (email) out.push({ type: 'Email', locator: email, isPrimary: true });
  if (phone) out.push({ type: 'Phone', locator: phone, isPrimary: true });
  if (mobile) out.push({ type: 'Phone', locator: mobile, isPrimary: phone === '', isMobilePhone: true });
  if (p.website) out.push({ type: 'URL', locator: p.website, isPrimary: true });
  return out;
}

/** A KashFlow customer or supplier → an AX CustTable or VendTable with its DirParty. */
export async function mapParty(ctx: MappingContext, p: Party): Promise<{ document: AccountTableDocument }> {
  const { cm, explain } = ctx;
  const customer = p.kind === 'customer';
  const record = customer ? 'CustTable' : 'VendTable';
  const entity = customer ? 'customer' : 'supplier';
  const account = partyAccount(ctx, p.kind, p.code);
  const base = { ...partyFacts(p, entity), account: account.account };
  const group = await resolvePartyGroup(ctx, p.kind, account.account, base, `${record}.${customer ? 'CustGroup' : 'VendGroup'}`);
  const facts = { ...base, [customer ? 'customerGroup' : 'vendorGroup']: group.group, partyGroup: group.group };
  const terms = await decide(cm.parties.paymentTerms, facts, `${record}.PaymTermId`, true);
  const tax = await decide(cm.vat.taxGroup, facts, `${record}.TaxGroup`, true);
  const mode = await decide(cm.parties.paymentMode, facts, `${record}.PaymMode`, false);
  const type = await decide(cm.parties.partyType, facts, `${record}.DirParty`, false);
  const dims = await deriveDimensions(cm.dimensions.header.get(entity) ?? [], facts);
  const extra = await applyCustomFields(ctx, p, facts, dims, record);
  const currency = p.currency ?? cm.currency.accountingCurrency;
  explain.add(`${record}.AccountNum`, account.account, account.rule);
  explain.add(`${record}.${customer ? 'CustGroup' : 'VendGroup'}`, group.group, group.rule);
  explain.add(`${record}.Currency`, currency, p.currency ? 'KashFlow Currency.Code' : 'currency.accountingCurrency (KashFlow has none)');
  explain.add(`${record}.PaymTermId`, terms.value, terms.rule);
  explain.add(`${record}.TaxGroup`, tax.value, tax.rule);
  if (mode) explain.add(`${record}.PaymMode`, mode.value, mode.rule);
  if (p.vatNumber) explain.add(`${record}.VATNum`, p.vatNumber, 'KashFlow VATNumber');
  explainDimensions(explain, record, dims);
  const partyType = type?.value === 'Person' ? 'Person' : 'Organization';
  const partyPath = `${record}.DirParty`;
  explain.add(`${partyPath}.(type)`, partyType, type?.rule ?? 'default Organization');
  const addresses: PostalAddress[] = p.address ? [harmoniseAddress(cm.address, p.address, `${partyPath}.DirPartyPostalAddressView[1]`, explain)] : [];
  const first = p.contacts[0];
  return {
    document: {
      kind: customer ? 'customer' : 'vendor',
      accountNum: account.account,
      group: group.group,
      currency,
      paymTermId: terms.value,
      ...(mode ? { paymMode: mode.value } : {}),
      taxGroup: tax.value,
      ...(p.vatNumber ? { vatNum: p.vatNumber } : {}),
      defaultDimension: orderedDimensions(cm, dimensionValues(dims)),
      extraFields: extra,
      party: {
        type: partyType,
        name: p.name,
        languageId: cm.parties.languageId,
        ...(partyType === 'Person' && first ? { firstName: first.firstName, lastName: first.lastName } : {}),
        addresses,
        contacts: contacts(p),
      },
    },
  };
}
