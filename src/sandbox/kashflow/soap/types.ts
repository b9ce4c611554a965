import { el, type XmlNode } from '../../../xml/build.js';

/**
 * The SOAP complex types this sandbox implements, in WSDL order (reference Appendix B).
 * Each field is `Name:xsdType`, with `?` for minOccurs=0 (reference types). The same table
 * drives the response serialiser and the WSDL, so the two cannot drift apart.
 */
const range = (prefix: string, type: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}:${type}`);

export const SOAP_TYPES: Readonly<Record<string, readonly string[]>> = {
  Customer: [
    'CustomerID:int', 'Code:string?', 'Name:string?', 'Contact:string?', 'Telephone:string?', 'Mobile:string?', 'Fax:string?', 'Email:string?',
    'Address1:string?', 'Address2:string?', 'Address3:string?', 'Address4:string?', 'CountryName:string?', 'CountryCode:string?', 'Postcode:string?', 'Website:string?',
    'EC:int', 'OutsideEC:int', 'Notes:string?', 'Source:int', 'Discount:decimal', 'ShowDiscount:boolean', 'PaymentTerms:int',
    ...range('ExtraText', 'string?', 20), ...range('CheckBox', 'int', 20),
    'Created:dateTime', 'Updated:dateTime', 'CurrencyID:int', 'ContactTitle:string?', 'ContactFirstName:string?', 'ContactLastName:string?', 'CustHasDeliveryAddress:integer?',
    'DeliveryAddress1:string?', 'DeliveryAddress2:string?', 'DeliveryAddress3:string?', 'DeliveryAddress4:string?', 'DeliveryCountryName:string?', 'DeliveryCountryCode:string?', 'DeliveryPostcode:string?', 'VATNumber:string?',
  ],
  Invoice: [
    'InvoiceDBID:int', 'InvoiceNumber:int', 'InvoiceDate:dateTime', 'DueDate:dateTime', 'Customer:string?', 'CustomerID:int', 'Paid:int', 'CustomerReference:string?',
    'EstimateCategory:string?', 'SuppressTotal:int', 'ProjectID:int', 'CurrencyCode:string?', 'ExchangeRate:decimal', 'ReadableString:string?', 'Lines:tns:ArrayOfAnyType?',
    'NetAmount:decimal', 'VATAmount:decimal', 'AmountPaid:decimal', 'CustomerName:string?', 'PermaLink:string?', 'DeliveryAddress:tns:DeliveryAddress?', 'UseCustomDeliveryAddress:boolean',
  ],
  DeliveryAddress: ['Name:string?', 'Line1:string?', 'Line2:string?', 'Line3:string?', 'Line4:string?', 'PostCode:string?', 'CountryName:string?', 'CountryCode:string?'],
  InvoiceLine: ['Quantity:decimal', 'Description:string?', 'Rate:decimal', 'ChargeType:int', 'VatRate:decimal', 'VatAmount:decimal', 'ProductID:int', 'Sort:int', 'ProjID:int', 'LineID:int', 'ValuesInCurrency:integer?'],
  Payment: ['PayID:int', 'PayInvoice:int', 'PayDate:dateTime', 'PayNote:string?', 'PayMethod:int', 'PayAccount:int', 'PayAmount:decimal'],
  PaymentMethod: ['MethodID:int', 'MethodName:string?'],
  BankAccount: ['AccountID:int', 'AccountName:string?', 'AccountCode:int'],
  NominalCode: ['id:int', 'Code:int', 'Name:string?', 'debit:decimal', 'credit:decimal', 'balance:decimal'],
};

/** Array wrapper types (`ArrayOfX` → repeated `<X>`), plus `ArrayOfAnyType`. */
export const SOAP_ARRAYS: Readonly<Record<string, string>> = {
  ArrayOfCustomer: 'Customer',
  ArrayOfPayment: 'Payment',
  ArrayOfPaymentMethod: 'PaymentMethod',
  ArrayOfBankAccount: 'BankAccount',
  ArrayOfNominalCode: 'NominalCode',
  ArrayOfAnyType: 'anyType',
};

export interface FieldDef {
  name: string;
  /** XSD type with prefix (`s:int`, `tns:Invoice`). */
  type: string;
  optional: boolean;
}

/** Parses `Name:type?` (bare types are XML Schema built-ins, `tns:` types are ours). */
export function fieldDef(spec: string): FieldDef {
  const i = spec.indexOf(':');
  const name = spec.slice(0, i);
  let type = spec.slice(i + 1);
  const optional = type.endsWith('?');
  if (optional) type = type.slice(0, -1);
  return { name, type: type.startsWith('tns:') ? type : `s:${type}`, optional };
}

/** A value for one field: text, a nested node, or nothing (omitted; only for optional fields). */
export type FieldValue = string | XmlNode | null | undefined;

/**
 * Builds an element of a SOAP type with its children in WSDL order. Optional fields that
 * are null/undefined are omitted (as .NET omits null references); required ones must be given.
 */
export function typedNode(type: string, elementName: string, values: Readonly<Record<string, FieldValue>>, attrs?: XmlNode['attrs']): XmlNode {
  const defs = SOAP_TYPES[type];
  if (!defs) throw new Error(`unknown SOAP type ${type}`);
  const children: XmlNode[] = [];
  for (const spec of defs) {
    const f = fieldDef(spec);
    const v = values[f.name];
    if (v === null || v === undefined) {
      if (!f.optional) throw new Error(`SOAP ${type}.${f.name} is required`);
      continue;
    }
    children.push(typeof v === 'string' ? el(f.name, undefined, v) : v);
  }
  return el(elementName, attrs, children);
}
