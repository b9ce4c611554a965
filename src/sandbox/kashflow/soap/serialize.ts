import { el, type XmlNode } from '../../../xml/build.js';
import type { KashflowState } from '../state.js';
import { paymentState } from '../store/documents.js';
import type { BankAccountRec, CustomerRec, DocumentRec, LineRec, NominalRec, PaymentMethodRec, PaymentRec, SupplierRec } from '../store/records.js';
import { codeKey } from '../store/store.js';
import { soapDate, soapDecimal, soapTimestamp } from '../wire/format.js';
import { typedNode, type FieldValue } from './types.js';

const int = (n: number): string => String(n);
const flag = (b: boolean): string => (b ? '1' : '0');

/** SOAP `Customer` (reference §6.4): custom text/check boxes map to `ExtraText1..20` / `CheckBox1..20` in order. */
export function customerNode(state: KashflowState, c: CustomerRec, elementName = 'Customer'): XmlNode {
  const contact = c.contacts[0];
  const a = c.addresses[0];
  const d = c.deliveryAddresses[0];
  const values: Record<string, FieldValue> = {
    CustomerID: int(c.id),
    Code: c.code,
    Name: c.name,
    Contact: contact?.name ?? '',
    Telephone: c.telephone,
    Mobile: c.mobile,
    Fax: c.fax,
    Email: c.email,
    Address1: a?.line1 ?? '',
    Address2: a?.line2 ?? '',
    Address3: a?.line3 ?? '',
    Address4: a?.line4 ?? '',
    CountryName: a?.countryName ?? '',
    CountryCode: a?.countryCode ?? '',
    Postcode: a?.postCode ?? '',
    Website: c.website,
    EC: flag(c.isRegisteredInEC),
    OutsideEC: flag(c.isRegisteredOutsideEC),
    Notes: c.note,
    Source: int(c.source),
    Discount: soapDecimal(c.discountRate),
    ShowDiscount: String(c.showDiscount),
    PaymentTerms: int(c.paymentTerms.days),
    Created: soapTimestamp(c.createdMs),
    Updated: soapTimestamp(c.updatedMs),
    CurrencyID: int(state.store.currencies.get(codeKey(c.currencyCode))?.id ?? 0),
    ContactTitle: contact?.title ?? '',
    ContactFirstName: contact?.firstName ?? '',
    ContactLastName: contact?.lastName ?? '',
    CustHasDeliveryAddress: flag(c.useCustomDeliveryAddress && d !== undefined),
    DeliveryAddress1: d?.line1 ?? '',
    DeliveryAddress2: d?.line2 ?? '',
    DeliveryAddress3: d?.line3 ?? '',
    DeliveryAddress4: d?.line4 ?? '',
    DeliveryCountryName: d?.countryName ?? '',
    DeliveryCountryCode: d?.countryCode ?? '',
    DeliveryPostcode: d?.postCode ?? '',
    VATNumber: c.vatNumber,
  };
  for (let i = 0; i < 20; i++) {
    values[`ExtraText${i + 1}`] = c.customTextBoxes[i]?.value ?? '';
    values[`CheckBox${i + 1}`] = c.customCheckBoxes[i]?.value === '1' ? '1' : '0';
  }
  return typedNode('Customer', elementName, values);
}

/** SOAP `InvoiceLine`, sent as `<anyType xsi:type="InvoiceLine">` inside `Lines`. */
function lineNode(state: KashflowState, l: LineRec): XmlNode {
  return typedNode(
    'InvoiceLine',
    'anyType',
    {
      Quantity: soapDecimal(l.quantity),
      Description: l.description,
      Rate: soapDecimal(l.rate),
      ChargeType: int(state.store.nominals.get(l.nominalCode)?.id ?? 0),
      VatRate: l.vatExempt ? '-1' : soapDecimal(l.vatLevel),
      VatAmount: soapDecimal(l.vatAmount),
      ProductID: int(l.productCode === '' ? 0 : (state.store.products.get(codeKey(l.productCode))?.id ?? 0)),
      Sort: int(l.number),
      ProjID: int(l.projectNumber === 0 ? 0 : (state.store.projects.get(l.projectNumber)?.id ?? 0)),
      LineID: int(l.lineId),
      ValuesInCurrency: '1',
    },
    { 'xsi:type': 'InvoiceLine' },
  );
}

/**
 * SOAP `Invoice` for a sales invoice or a receipt (purchase): `Customer` carries the party
 * code and `CustomerID` its id [G]; `Paid` is 1 once fully paid; `AmountPaid` is in document
 * currency [G].
 */
export function invoiceNode(state: KashflowState, doc: DocumentRec, elementName: string): XmlNode {
  const party: CustomerRec | SupplierRec | undefined = state.store.partyOf(doc);
  const ps = paymentState(doc, state.today(), false);
  const delivery = doc.deliveryAddress;
  return typedNode('Invoice', elementName, {
    InvoiceDBID: int(doc.id),
    InvoiceNumber: int(doc.number),
    InvoiceDate: soapDate(doc.issuedDate),
    DueDate: soapDate(doc.dueDate),
    Customer: doc.partyCode,
    CustomerID: int(party?.id ?? 0),
    Paid: ps.status === 'Paid' || ps.status === 'Overpaid' ? '1' : '0',
    CustomerReference: doc.reference,
    EstimateCategory: '',
    SuppressTotal: '0',
    ProjectID: int(doc.projectNumber === 0 ? 0 : (state.store.projects.get(doc.projectNumber)?.id ?? 0)),
    CurrencyCode: doc.currencyCode,
    ExchangeRate: soapDecimal(doc.exchangeRate),
    ReadableString: '',
    Lines: el('Lines', undefined, doc.lines.map((l) => lineNode(state, l))),
    NetAmount: soapDecimal(doc.net),
    VATAmount: soapDecimal(doc.vat),
    AmountPaid: soapDecimal(ps.paid),
    CustomerName: party?.name ?? '',
    PermaLink: `/v2/documents/${doc.kind}/${doc.number}`,
    DeliveryAddress: delivery
      ? typedNode('DeliveryAddress', 'DeliveryAddress', { Name: party?.name ?? '', Line1: delivery.line1, Line2: delivery.line2, Line3: delivery.line3, Line4: delivery.line4, PostCode: delivery.postCode, CountryName: delivery.countryName, CountryCode: delivery.countryCode })
      : undefined,
    UseCustomDeliveryAddress: String(doc.useCustomDeliveryAddress),
  });
}

export function paymentNode(p: PaymentRec): XmlNode {
  return typedNode('Payment', 'Payment', { PayID: int(p.id), PayInvoice: int(p.documentNumber), PayDate: soapDate(p.date), PayNote: p.note, PayMethod: int(p.method), PayAccount: int(p.accountId), PayAmount: soapDecimal(p.amount) });
}

export function paymentMethodNode(m: PaymentMethodRec): XmlNode {
  return typedNode('PaymentMethod', 'PaymentMethod', { MethodID: int(m.id), MethodName: m.name });
}

export function bankAccountNode(b: BankAccountRec): XmlNode {
  return typedNode('BankAccount', 'BankAccount', { AccountID: int(b.id), AccountName: b.name, AccountCode: int(b.code) });
}

/** SOAP `NominalCode`; `debit`/`credit`/`balance` are not tracked by the sandbox and are 0 [G]. */
export function nominalNode(n: NominalRec): XmlNode {
  return typedNode('NominalCode', 'NominalCode', { id: int(n.id), Code: int(n.code), Name: n.name, debit: '0.0000', credit: '0.0000', balance: '0.0000' });
}
