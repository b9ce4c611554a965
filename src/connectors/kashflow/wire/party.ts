import { PartySchema, type Party } from '../../../canonical/party.js';
import { finalize, kashflowRef, readAddress, readContact, readCustomFields, readPaymentTerms } from './common.js';
import { invalid, WireReader } from './reader.js';

function readParty(json: unknown, kind: 'customer' | 'supplier'): Party {
  const r = new WireReader(json);
  const code = r.reqStr('Code');
  const name = r.str(['Name', 'DisplayName']);
  if (name === '') throw invalid('$.Name', 'is required');
  const addresses = r.arr('Addresses');
  const address = readAddress(addresses[0] ?? r.obj('Address'));
  const delivery = readAddress(r.arr('DeliveryAddresses')[0] ?? r.obj('DeliveryAddress'));
  const custom = readCustomFields(r);
  const currency = r.obj('Currency')?.str('Code').toUpperCase() || r.str('CurrencyCode').toUpperCase();
  if (currency !== '' && !/^[A-Z]{3}$/.test(currency)) throw invalid('$.Currency.Code', `expected a 3-letter currency code, got ${JSON.stringify(currency)}`);
  const terms = readPaymentTerms(r);
  const record: Record<string, unknown> = {
    source: kashflowRef(kind, code),
    kind,
    code,
    name,
    contacts: r.arr('Contacts').map(readContact),
    email: r.str('Email'),
    telephone: r.str(['TelephoneNumber', 'Telephone']),
    website: r.str('Website'),
    vatNumber: r.str(['VATNumber', 'VatNumber']),
    registeredInEC: r.bool(['IsRegisteredInEC', 'EC']),
    registeredOutsideEC: r.bool(['IsRegisteredOutsideEC', 'OutsideEC']),
    customText: custom.text,
    customChecks: custom.checks,
    archived: r.bool('IsArchived'),
  };
  if (address) record.address = address;
  if (delivery) record.deliveryAddress = delivery;
  if (currency !== '') record.currency = currency;
  if (terms) record.paymentTerms = terms;
  const nominal = r.optInt('DefaultNominalCode');
  if (nominal !== undefined && nominal > 0) record.defaultNominalCode = nominal;
  const method = r.optInt('PaymentMethod');
  if (method !== undefined && method > 0) record.paymentMethodId = method;
  const created = r.optDate('CreatedDate');
  if (created) record.createdDate = created;
  const updated = r.optDate('LastUpdatedDate');
  if (updated) record.lastUpdatedDate = updated;
  return finalize(PartySchema, record, '$');
}

/** Parses a KashFlow customer (`GET /v2/customers/{code}`). */
export function parseKashflowCustomer(json: unknown): Party {
  return readParty(json, 'customer');
}

/** Parses a KashFlow supplier (`GET /v2/suppliers/{code}`). */
export function parseKashflowSupplier(json: unknown): Party {
  return readParty(json, 'supplier');
}
