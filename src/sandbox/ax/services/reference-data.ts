import { Dec } from '../../../canonical/money.js';
import { addDays } from '../../../util/dates.js';
import type { ServiceId } from '../catalog.js';
import type { OperationContext, ServiceHandlers } from '../operations/context.js';
import { readOnlyHandlers } from '../operations/read-only-service.js';
import type { OutRecord } from '../schema/serialize.js';
import type { CompanyState } from '../state/company.js';

/** Rows of each reference-data service, from the company's setup. */
const ROWS: Partial<Record<ServiceId, (c: CompanyState) => OutRecord[]>> = {
  mainAccount: (c) => c.mainAccounts.list().map((a) => row({ MainAccountId: a.id, Name: a.name, Type: a.type, AccountStructure: a.structure })),
  dimensionAttribute: (c) => c.dimensions.list().map((d) => row({ Name: d.name })),
  dimensionValue: (c) => c.dimensions.list().flatMap((d) => d.values.list().map((v) => row({ DimensionName: d.name, Value: v.value, Description: v.description }))),
  accountStructure: (c) => c.accountStructures.list().map((s) => row({ Name: s.name, Delimiter: s.delimiter }, { AccountStructureSegment: s.segments.map((name, i) => row({ DimensionName: name, Position: String(i + 1) })) })),
  custGroup: (c) => c.customerGroups.list().map((g) => row({ CustGroup: g.id, Name: g.name })),
  vendGroup: (c) => c.vendorGroups.list().map((g) => row({ VendGroup: g.id, Name: g.name })),
  paymentTerm: (c) => c.paymentTerms.list().map((t) => row({ PaymTermId: t.id, Description: t.afterMonthEnd ? `${t.days} days after end of month` : t.days === 0 ? 'Cash on delivery' : `Net ${t.days} days`, NumOfDays: String(t.days), PaymMethod: t.afterMonthEnd ? 'CurrentMonth' : 'Net' })),
  paymMode: (c) => c.paymentModes.list().map((m) => row({ PaymMode: m.id, Name: m.name })),
  currency: (c) => c.currencies.list().map((m) => row({ CurrencyCode: m.id, Txt: m.name })),
  taxCode: (c) => c.taxCodes.list().map((t) => row({ TaxCode: t.code, TaxName: t.name, TaxValue: new Dec(t.rate).toFixed() })),
  taxGroup: (c) => c.salesTaxGroups.list().map((g) => row({ TaxGroup: g.id, TaxGroupName: g.id }, { TaxGroupData: g.codes.map((code) => row({ TaxCode: code })) })),
  taxItemGroup: (c) => c.itemSalesTaxGroups.list().map((g) => row({ TaxItemGroup: g.id, Name: g.id }, { TaxOnItem: g.codes.map((code) => row({ TaxCode: code })) })),
  bankAccount: (c) => c.bankAccounts.list().map((b) => row({ AccountID: b.id, Name: b.name, CurrencyCode: b.currency, MainAccount: b.mainAccount })),
  ledgerJournalName: (c) => c.journalNames.list().map((j) => row({ JournalName: j.id, Name: j.name, JournalType: j.type })),
  fiscalPeriod: (c) => c.periods.map((p) => row({ Name: p.month, StartDate: p.start, EndDate: p.end, Status: p.status })),
  itemGroup: (c) => c.itemGroups.list().map((g) => row({ ItemGroupId: g.id, Name: g.name })),
  exchangeRates: exchangeRatePairs,
};

function row(fields: Record<string, string>, children?: Record<string, OutRecord[]>): OutRecord {
  return { fields, ...(children ? { children } : {}) };
}

/** Currency pairs into the accounting currency with their dated rates (per 100 units). */
function exchangeRatePairs(c: CompanyState): OutRecord[] {
  const byFrom = new Map<string, { date: string; rate: string }[]>();
  for (const r of c.exchangeRates) {
    const per100 = new Dec(r.rate).times(100).div(r.displayFactor).toFixed();
    const list = byFrom.get(r.from) ?? [];
    list.push({ date: r.date, rate: per100 });
    byFrom.set(r.from, list);
  }
  return [...byFrom.entries()].map(([from, rates]) => {
    rates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return row(
      { FromCurrencyCode: from, ToCurrencyCode: c.accountingCurrency, ExchangeRateType: 'Default', ExchangeRateDisplayFactor: 'Hundred' },
      { ExchangeRate: rates.map((r, i) => row({ ExchangeRate: r.rate, ValidFrom: r.date, ValidTo: rates[i + 1] ? addDays((rates[i + 1] as { date: string }).date, -1) : '' })) },
    );
  });
}

/** Handlers of a reference-data read service (read, find, findKeys). */
export function referenceHandlers(id: ServiceId, keyFields: readonly string[]): ServiceHandlers {
  const rows = ROWS[id];
  if (!rows) throw new Error(`no reference rows for ${id}`);
  return readOnlyHandlers({ keyFields, rows: (ctx: OperationContext) => rows(ctx.company) });
}
