import { COUNTRY_REGION_IDS } from '../domain/countries.js';
import { resolveDimensionSet } from '../domain/dimensions.js';
import type { OperationContext, ServiceHandlers } from '../operations/context.js';
import { masterHandlers } from '../operations/master-service.js';
import type { ParsedRecord } from '../schema/parse.js';
import { DIR_PARTY_PERSON } from '../schema/master-documents.js';
import { isDimSet, text, type AxRecord } from '../schema/values.js';
import type { ProblemList } from '../soap/aif-error.js';
import type { CodeName, CompanyState, MasterRow } from '../state/company.js';
import type { Keyed } from '../state/keyed.js';
import { formatAddress } from '../state/seed-records.js';
import type { NumberSequence } from '../state/tx.js';

/** What differs between customers (CustTable) and vendors (VendTable). */
interface PartyKind {
  readonly table: 'CustTable' | 'VendTable';
  readonly label: string;
  readonly noun: 'Customer' | 'Vendor';
  readonly groupField: 'CustGroup' | 'VendGroup';
  rows(company: CompanyState): Keyed<MasterRow>;
  groups(company: CompanyState): Keyed<CodeName>;
  sequence(company: CompanyState): NumberSequence;
  hasTransactions(company: CompanyState, account: string): boolean;
}

const CUSTOMER: PartyKind = {
  table: 'CustTable',
  label: 'Customers (CustTable)',
  noun: 'Customer',
  groupField: 'CustGroup',
  rows: (c) => c.customers,
  groups: (c) => c.customerGroups,
  sequence: (c) => c.seq.customer,
  hasTransactions: (c, acc) => c.custTrans.some((t) => t.accountNum.toUpperCase() === acc.toUpperCase()) || [...c.freeTextInvoices.values()].some((i) => i.orderAccount.toUpperCase() === acc.toUpperCase() || i.invoiceAccount.toUpperCase() === acc.toUpperCase()),
};

const VENDOR: PartyKind = {
  table: 'VendTable',
  label: 'Vendors (VendTable)',
  noun: 'Vendor',
  groupField: 'VendGroup',
  rows: (c) => c.vendors,
  groups: (c) => c.vendorGroups,
  sequence: (c) => c.seq.vendor,
  hasTransactions: (c, acc) => c.vendTrans.some((t) => t.accountNum.toUpperCase() === acc.toUpperCase()) || c.journals.list().some((j) => j.lines.some((l) => (l.account.type === 'Vend' && l.account.id.toUpperCase() === acc.toUpperCase()) || (l.offset?.type === 'Vend' && l.offset.id.toUpperCase() === acc.toUpperCase()))),
};

/** CustomerService (CustCustomerService). */
export const customerHandlers: ServiceHandlers = partyHandlers(CUSTOMER);
/** VendTableService (VendVendTableService). */
export const vendorHandlers: ServiceHandlers = partyHandlers(VENDOR);

function partyHandlers(kind: PartyKind): ServiceHandlers {
  return masterHandlers({
    rows: (ctx) => kind.rows(ctx.company),
    keyField: 'AccountNum',
    newKey(ctx) {
      const rows = kind.rows(ctx.company);
      for (;;) {
        const key = ctx.tx.take(kind.sequence(ctx.company));
        if (!rows.has(key)) return key;
      }
    },
    duplicateMessage: (key) => `Cannot create a record in ${kind.label}. ${kind.noun} account: ${key}. The record already exists.`,
    complete: (ctx, record, parsed, mode, problems) => completeParty(kind, ctx, record, parsed, mode, problems),
    deleteBlocker: (ctx, row) => {
      const acc = text(row.record, 'AccountNum');
      return kind.hasTransactions(ctx.company, acc) ? `${kind.noun} ${acc} cannot be deleted because transactions exist for the account.` : undefined;
    },
  });
}

function completeParty(kind: PartyKind, ctx: OperationContext, record: AxRecord, parsed: ParsedRecord, mode: 'create' | 'update', problems: ProblemList): void {
  const company = ctx.company;
  const xp = parsed.xpath;
  const check = <T extends { readonly id: string }>(field: string, table: Keyed<T>, noun: string, mandatory: boolean): void => {
    const v = text(record, field);
    if (v === '') {
      if (mandatory) problems.add(`Field '${field}' must be filled in.`, field, `${xp}/${field}`);
      return;
    }
    const row = table.get(v);
    if (!row) problems.add(`${noun} ${v} does not exist.`, field, `${xp}/${field}`);
    else record.fields[field] = row.id;
  };
  check(kind.groupField, kind.groups(company), `${kind.noun} group`, true);
  check('Currency', company.currencies, 'Currency', true);
  check('PaymTermId', company.paymentTerms, 'Terms of payment', false);
  check('PaymMode', company.paymentModes, 'Method of payment', false);
  check('TaxGroup', company.salesTaxGroups, 'Sales tax group', false);
  const invoiceAccount = text(record, 'InvoiceAccount');
  if (invoiceAccount !== '' && invoiceAccount.toUpperCase() !== text(record, 'AccountNum').toUpperCase() && !kind.rows(company).has(invoiceAccount)) {
    problems.add(`${kind.noun} account ${invoiceAccount} does not exist (InvoiceAccount).`, 'InvoiceAccount', `${xp}/InvoiceAccount`);
  }
  const dims = record.fields.DefaultDimension;
  if (isDimSet(dims)) {
    const resolved = resolveDimensionSet(company, dims, `${xp}/DefaultDimension`, problems);
    if (resolved.length > 0) record.fields.DefaultDimension = resolved;
    else delete record.fields.DefaultDimension;
  }
  const party = record.children.DirParty?.[0];
  if (!party) {
    problems.add(`A ${kind.noun.toLowerCase()} must have a party (DirParty) with a name.`, 'DirParty', `${xp}/DirParty`);
    return;
  }
  completeDirParty(ctx, party, `${xp}/DirParty[1]`, mode, problems);
}

function completeDirParty(ctx: OperationContext, party: AxRecord, xp: string, mode: 'create' | 'update', problems: ProblemList): void {
  if (party.xsiType === DIR_PARTY_PERSON && text(party, 'Name') === '') {
    const pn = party.children.PersonName?.[0];
    const name = pn ? [text(pn, 'FirstName'), text(pn, 'MiddleName'), text(pn, 'LastName')].filter(Boolean).join(' ') : '';
    if (name !== '') party.fields.Name = name;
  }
  if (text(party, 'Name') === '') problems.add(`Field 'Name' must be filled in.`, 'Name', `${xp}/Name`);
  if (text(party, 'LanguageId') === '') party.fields.LanguageId = ctx.language;
  if (mode === 'create' && text(party, 'PartyNumber') === '') party.fields.PartyNumber = ctx.tx.take(ctx.aos.seq.party);
  const addresses = party.children.DirPartyPostalAddressView ?? [];
  addresses.forEach((a, i) => {
    const at = `${xp}/DirPartyPostalAddressView[${i + 1}]`;
    const country = text(a, 'CountryRegionId').toUpperCase();
    if (country === '') problems.add(`Field 'CountryRegionId' must be filled in.`, 'CountryRegionId', `${at}/CountryRegionId`);
    else if (!COUNTRY_REGION_IDS.has(country)) problems.add(`Country/region ${text(a, 'CountryRegionId')} does not exist.`, 'CountryRegionId', `${at}/CountryRegionId`);
    else if (a.fields.CountryRegionId !== country) a.fields.CountryRegionId = country;
    const formatted = formatAddress(text(a, 'Street'), text(a, 'ZipCode'), text(a, 'City'), country);
    if (a.fields.Address !== formatted) a.fields.Address = formatted;
  });
  if (addresses.length > 0 && !addresses.some((a) => text(a, 'IsPrimary') === 'Yes')) (addresses[0] as AxRecord).fields.IsPrimary = 'Yes';
  (party.children.DirPartyContactInfoView ?? []).forEach((c, i) => {
    const at = `${xp}/DirPartyContactInfoView[${i + 1}]`;
    if (text(c, 'Locator') === '') problems.add(`Field 'Locator' must be filled in.`, 'Locator', `${at}/Locator`);
    const type = text(c, 'Type');
    if (type === '' || type === 'None') problems.add(`Field 'Type' must be filled in (Phone, Email, URL, Telex or Fax).`, 'Type', `${at}/Type`);
  });
}
