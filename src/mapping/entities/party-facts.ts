import type { Party } from '../../canonical/party.js';
import type { TableHit } from '../compile/decision-table.js';
import type { Facts } from '../compile/facts.js';
import { MappingError } from '../errors.js';
import type { MappingContext } from './context.js';

/** Facts of a customer or supplier master record. */
export function partyFacts(p: Party, entity: string): Record<string, unknown> {
  return {
    entity,
    transactionType: entity,
    partyKind: p.kind,
    code: p.code,
    partyCode: p.code,
    [p.kind === 'customer' ? 'customerCode' : 'supplierCode']: p.code,
    name: p.name,
    country: p.address?.countryCode ?? '',
    inEC: p.registeredInEC,
    outsideEC: p.registeredOutsideEC,
    currency: p.currency ?? '',
    termsDays: p.paymentTerms?.days,
    termsType: p.paymentTerms?.type ?? '',
    paymentMethod: p.paymentMethodId,
    defaultNominal: p.defaultNominalCode,
    vatNumber: p.vatNumber,
    text: p.customText,
    check: p.customChecks,
  };
}

/** The AX account number of a customer/supplier code. */
export function partyAccount(ctx: MappingContext, kind: 'customer' | 'supplier', code: string): { account: string; rule: string } {
  const t = kind === 'customer' ? ctx.cm.parties.customerAccount : ctx.cm.parties.vendorAccount;
  return { account: t({ code }), rule: `parties.${kind === 'customer' ? 'customerAccount' : 'vendorAccount'} "${kind === 'customer' ? ctx.cm.config.parties.customerAccount : ctx.cm.config.parties.vendorAccount}"` };
}

/**
 * The customer/vendor group: from the AX reference data when AX already knows the account (AX
 * masters parties), else from the configured decision table.
 */
export function resolvePartyGroup(ctx: MappingContext, kind: 'customer' | 'supplier', account: string, facts: Facts, path: string): { group: string; rule: string } | Promise<{ group: string; rule: string }> {
  const known = kind === 'customer' ? ctx.ref?.customer(account) : ctx.ref?.vendor(account);
  if (known) return { group: known.group, rule: `AX reference data: ${kind === 'customer' ? 'customer' : 'vendor'} ${account} is in group ${known.group}` };
  const table = kind === 'customer' ? ctx.cm.parties.customerGroup : ctx.cm.parties.vendorGroup;
  const r = table.evaluate(facts);
  const done = (hit: TableHit | undefined): { group: string; rule: string } => {
    if (!hit) throw new MappingError('KFAX_MAPPING_NO_RULE', [path, `no row of ${table.path} matched`], { path, rule: table.path });
    return { group: hit.value, rule: hit.rule };
  };
  return r instanceof Promise ? r.then(done) : done(r);
}
