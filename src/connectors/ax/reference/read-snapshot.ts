import { isKfaxError, KfaxError } from '../../../errors/kfax-error.js';
import { SNAPSHOT_FORMAT, type ReferenceSnapshotInput } from '../../../mapping/reference/snapshot-schema.js';
import { childElements, type XmlElement } from '../../../xml/tree.js';
import type { AifClient } from '../client/aif-client.js';
import { displayFactorOf, field, itemOf, partyOf, productName, recordsOf } from './parse-records.js';
import { PARTY_AND_PRODUCT_SERVICES, referenceServiceNames, type ReferenceServiceId, type ReferenceServiceName } from './services.js';

/** Options of {@link readReferenceSnapshot}. */
export interface ReadReferenceOptions {
  /** Legal entity (CallContext Company) to read. */
  readonly company: string;
  /**
   * Accounting currency of the company. AX exposes it through no known document service [G]:
   * by default kfax takes the `ToCurrencyCode` of the company's exchange rates.
   */
  readonly accountingCurrency?: string;
  /** External names and record names that differ from the defaults. */
  readonly services?: Partial<Record<ReferenceServiceId, Partial<ReferenceServiceName>>>;
  /** Services not to read (their lists stay empty), e.g. when the port does not expose them. */
  readonly skip?: readonly ReferenceServiceId[];
  /** Read every customer, vendor and released product (`all`, default) or none (`none`; look them up on demand). */
  readonly parties?: 'all' | 'none';
  /** Language of product names. Default `en-gb`. */
  readonly language?: string;
  /** Text for the snapshot's `description`. */
  readonly description?: string;
}

/**
 * Reads the reference data of one AX company through its reference-data services (`find` with
 * an empty QueryCriteria returns every row [G]) into the snapshot format of
 * `kfax mapping validate --reference <file>`.
 */
export async function readReferenceSnapshot(client: AifClient, options: ReadReferenceOptions): Promise<ReferenceSnapshotInput> {
  const names = referenceServiceNames(options.services);
  const skip = new Set<ReferenceServiceId>([...(options.skip ?? []), ...(options.parties === 'none' ? PARTY_AND_PRODUCT_SERVICES : [])]);
  const read = async (id: ReferenceServiceId): Promise<XmlElement[]> => {
    if (skip.has(id)) return [];
    const { service, record } = names[id];
    try {
      return recordsOf(await client.find(service, [], { company: options.company }), record);
    } catch (err) {
      throw withContext(err, `reading ${id} reference data from ${service} (company ${options.company}); check that the AIF port (ax.url) exposes this service and that the user may call find on it`);
    }
  };
  const ids = Object.keys(names) as ReferenceServiceId[];
  const loaded = await Promise.all(ids.map(read));
  const rows = new Map(ids.map((id, i) => [id, loaded[i] as XmlElement[]]));
  const r = (id: ReferenceServiceId): XmlElement[] => rows.get(id) ?? [];

  const pairs = r('exchangeRates');
  const accountingCurrency = options.accountingCurrency ?? mostCommon(pairs.map((p) => field(p, 'ToCurrencyCode')).filter((c) => c !== ''));
  if (!accountingCurrency) {
    throw new KfaxError('KFAX_MAPPING_REFERENCE_INVALID', [`AX company ${options.company}: accountingCurrency`, 'the company has no exchange rates to tell its accounting currency from; configure it']);
  }

  const dimensionNames = [...new Set([...r('dimensionAttribute').map((d) => field(d, 'Name')), ...r('dimensionValue').map((v) => field(v, 'DimensionName'))])].filter((n) => n !== '');
  const productNames = new Map(r('product').map((p) => [field(p, 'DisplayProductNumber').toUpperCase(), productName(p, options.language ?? 'en-gb')]));

  return {
    format: SNAPSHOT_FORMAT,
    company: options.company,
    accountingCurrency,
    description: options.description ?? `read from AX company ${options.company}`,
    mainAccounts: r('mainAccount').map((a) => {
      const structure = field(a, 'AccountStructure');
      return { id: field(a, 'MainAccountId'), name: field(a, 'Name'), type: field(a, 'Type') === 'BalanceSheet' ? 'BalanceSheet' : 'ProfitAndLoss', ...(structure ? { structure } : {}) };
    }),
    accountStructures: r('accountStructure').map((s) => ({
      name: field(s, 'Name'),
      delimiter: field(s, 'Delimiter') || '-',
      segments: childElements(s, 'AccountStructureSegment')
        .map((seg) => ({ position: Number(field(seg, 'Position') || '0'), name: field(seg, 'DimensionName') }))
        .sort((a, b) => a.position - b.position)
        .map((seg) => seg.name),
    })),
    dimensions: dimensionNames.map((name) => ({
      name,
      values: r('dimensionValue')
        .filter((v) => field(v, 'DimensionName') === name)
        .map((v) => ({ value: field(v, 'Value'), description: field(v, 'Description') })),
    })),
    customerGroups: r('custGroup').map((g) => ({ id: field(g, 'CustGroup'), name: field(g, 'Name') })),
    vendorGroups: r('vendGroup').map((g) => ({ id: field(g, 'VendGroup'), name: field(g, 'Name') })),
    paymentTerms: r('paymentTerm').map((t) => ({ id: field(t, 'PaymTermId'), days: Number(field(t, 'NumOfDays') || '0'), afterMonthEnd: field(t, 'PaymMethod') === 'CurrentMonth' })),
    paymentModes: r('paymMode').map((m) => ({ id: field(m, 'PaymMode'), name: field(m, 'Name') })),
    currencies: r('currency').map((c) => ({ code: field(c, 'CurrencyCode'), name: field(c, 'Txt') })),
    exchangeRates: pairs
      .filter((p) => field(p, 'ToCurrencyCode') === accountingCurrency)
      .flatMap((p) => {
        const displayFactor = displayFactorOf(field(p, 'ExchangeRateDisplayFactor'));
        return childElements(p, 'ExchangeRate').map((x) => ({ from: field(p, 'FromCurrencyCode'), date: field(x, 'ValidFrom'), rate: field(x, 'ExchangeRate') || '0', displayFactor }));
      }),
    taxCodes: r('taxCode').map((t) => ({ code: field(t, 'TaxCode'), name: field(t, 'TaxName'), rate: field(t, 'TaxValue') || '0' })),
    salesTaxGroups: r('taxGroup').map((g) => ({ id: field(g, 'TaxGroup'), codes: childElements(g, 'TaxGroupData').map((d) => field(d, 'TaxCode')) })),
    itemSalesTaxGroups: r('taxItemGroup').map((g) => ({ id: field(g, 'TaxItemGroup'), codes: childElements(g, 'TaxOnItem').map((d) => field(d, 'TaxCode')) })),
    bankAccounts: r('bankAccount').map((b) => {
      const mainAccount = field(b, 'MainAccount');
      const currency = field(b, 'CurrencyCode');
      return { id: field(b, 'AccountID'), name: field(b, 'Name'), ...(mainAccount ? { mainAccount } : {}), ...(currency ? { currency } : {}) };
    }),
    journalNames: r('ledgerJournalName').map((j) => ({ id: field(j, 'JournalName'), name: field(j, 'Name'), type: field(j, 'JournalType') || 'Daily' })),
    periods: r('fiscalPeriod').map((p) => {
      const name = field(p, 'Name');
      const start = field(p, 'StartDate');
      const status = field(p, 'Status');
      // AX period names are free text; the snapshot labels periods by the month they start in.
      return { month: /^\d{4}-\d{2}$/.test(name) ? name : start.slice(0, 7), start, end: field(p, 'EndDate'), status: status === 'Closed' || status === 'OnHold' ? status : 'Open' };
    }),
    customers: r('customer').map((c) => partyOf(c, 'CustGroup')),
    vendors: r('vendor').map((v) => partyOf(v, 'VendGroup')),
    products: r('item').map((i) => itemOf(i, productNames)),
  };
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The same error with what kfax was doing in front of its message. */
function withContext(err: unknown, context: string): unknown {
  if (!isKfaxError(err)) return err;
  const copy = new KfaxError(err.code, [], { cause: err, kind: err.kind, ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }), details: { ...err.details, context } });
  copy.message = `${context}: ${err.message}`;
  return copy;
}
