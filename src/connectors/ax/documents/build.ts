import { buildXml, el, type XmlNode } from '../../../xml/build.js';
import { AX_SERVICES, type AxServiceKey } from './catalog.js';
import { defaultDimensionNode, ledgerDimensionNode } from './dimensions-xml.js';
import { money, noYes, plain } from './format.js';
import { documentNamespace } from './namespaces.js';
import { recordNode, type AxRecord } from './record.js';
import type { AccountTableDocument, AxDocument, DirParty, FreeTextInvoiceDocument, ItemDocument, LedgerJournalDocument, LedgerJournalLine, ProductDocument } from './types.js';

/** A document ready to send: the service, the operation and the document element. */
export interface BuiltAxDocument {
  readonly service: string;
  readonly operation: 'create';
  readonly documentName: string;
  readonly node: XmlNode;
}

function documentRoot(key: AxServiceKey, records: AxRecord[]): BuiltAxDocument {
  const names = AX_SERVICES[key];
  return { service: names.service, operation: 'create', documentName: names.document, node: el(names.document, { xmlns: documentNamespace(names.document) }, records.map(recordNode)) };
}

function freeTextInvoiceRecords(doc: FreeTextInvoiceDocument): AxRecord[] {
  const h = doc.header;
  return [
    {
      name: 'CustInvoiceTable',
      fields: {
        CurrencyCode: h.currencyCode,
        DefaultDimension: defaultDimensionNode('DefaultDimension', h.defaultDimension),
        DocumentNum: h.documentNum,
        DueDate: h.dueDate,
        ExchRate: h.exchRate === undefined ? undefined : plain(h.exchRate, 2),
        InvoiceAccount: h.invoiceAccount,
        InvoiceDate: h.invoiceDate,
        OrderAccount: h.orderAccount,
      },
      children: doc.lines.map((l) => ({
        name: 'CustInvoiceLine',
        fields: {
          AmountCur: money(l.amountCur),
          DefaultDimension: defaultDimensionNode('DefaultDimension', l.defaultDimension),
          Description: l.description,
          LedgerDimension: ledgerDimensionNode('LedgerDimension', l.ledgerDimension),
          LineNum: String(l.lineNum),
          Quantity: plain(l.quantity),
          TaxGroup: l.taxGroup,
          TaxItemGroup: l.taxItemGroup,
          UnitPrice: plain(l.unitPrice, 2),
        },
      })),
    },
  ];
}

function journalLineRecord(l: LedgerJournalLine): AxRecord {
  return {
    name: 'LedgerJournalTrans',
    fields: {
      AccountType: l.accountType,
      AmountCurCredit: l.amountCurCredit === undefined ? undefined : money(l.amountCurCredit),
      AmountCurDebit: l.amountCurDebit === undefined ? undefined : money(l.amountCurDebit),
      CurrencyCode: l.currencyCode,
      DefaultDimension: defaultDimensionNode('DefaultDimension', l.defaultDimension),
      DocumentDate: l.documentDate,
      DocumentNum: l.documentNum,
      Due: l.due,
      ExchRate: l.exchRate === undefined ? undefined : plain(l.exchRate, 2),
      Invoice: l.invoice,
      LedgerDimension: ledgerDimensionNode('LedgerDimension', l.ledgerDimension),
      MarkedInvoice: l.markedInvoice,
      OffsetAccountType: l.offsetAccountType,
      OffsetLedgerDimension: ledgerDimensionNode('OffsetLedgerDimension', l.offsetLedgerDimension),
      PaymReference: l.paymReference,
      TaxGroup: l.taxGroup,
      TaxItemGroup: l.taxItemGroup,
      TransDate: l.transDate,
      Txt: l.txt,
    },
  };
}

function journalRecords(doc: LedgerJournalDocument): AxRecord[] {
  return [
    {
      name: 'LedgerJournalTable',
      fields: { CurrencyCode: doc.header.currencyCode, JournalName: doc.header.journalName, Name: doc.header.name },
      children: doc.lines.map(journalLineRecord),
    },
  ];
}

function partyRecord(p: DirParty): AxRecord {
  const person = p.type === 'Person';
  return {
    name: 'DirParty',
    xsiType: person ? 'AxdEntity_DirParty_DirPerson' : 'AxdEntity_DirParty_DirOrganization',
    fields: {
      LanguageId: p.languageId,
      Name: p.name,
      NameAlias: p.nameAlias,
      PersonName: person ? el('PersonName', undefined, [p.firstName ? el('FirstName', undefined, p.firstName) : undefined, p.lastName ? el('LastName', undefined, p.lastName) : undefined]) : undefined,
    },
    children: [
      ...p.addresses.map((a) => ({
        name: 'DirPartyPostalAddressView',
        fields: {
          City: a.city || undefined,
          CountryRegionId: a.countryRegionId || undefined,
          County: a.county || undefined,
          IsPrimary: noYes(a.isPrimary),
          LocationName: a.locationName,
          Roles: a.roles || undefined,
          Street: a.street || undefined,
          ZipCode: a.zipCode || undefined,
        },
      })),
      ...p.contacts.map((c) => ({
        name: 'DirPartyContactInfoView',
        fields: { IsMobilePhone: c.isMobilePhone === undefined ? undefined : noYes(c.isMobilePhone), IsPrimary: noYes(c.isPrimary), Locator: c.locator, Type: c.type },
      })),
    ],
  };
}

function accountTableRecords(doc: AccountTableDocument): AxRecord[] {
  const customer = doc.kind === 'customer';
  return [
    {
      name: customer ? 'CustTable' : 'VendTable',
      fields: {
        ...doc.extraFields,
        AccountNum: doc.accountNum,
        [customer ? 'CustGroup' : 'VendGroup']: doc.group,
        Currency: doc.currency,
        DefaultDimension: defaultDimensionNode('DefaultDimension', doc.defaultDimension),
        PaymMode: doc.paymMode,
        PaymTermId: doc.paymTermId,
        TaxGroup: doc.taxGroup,
        VATNum: doc.vatNum || undefined,
      },
      children: [partyRecord(doc.party)],
    },
  ];
}

function productRecords(doc: ProductDocument): AxRecord[] {
  return [
    {
      name: 'Product',
      xsiType: 'AxdEntity_Product_EcoResDistinctProduct',
      fields: { DisplayProductNumber: doc.productNumber, ProductType: doc.productType, SearchName: doc.searchName },
      children: [
        { name: 'Identifier', fields: { ProductNumber: doc.productNumber } },
        { name: 'Translation', fields: { Description: doc.description || undefined, LanguageId: doc.languageId, Name: doc.name } },
      ],
    },
  ];
}

function itemRecords(doc: ItemDocument): AxRecord[] {
  return [{ name: 'InventTable', fields: { ItemGroupId: doc.itemGroupId, ItemId: doc.itemId, NameAlias: doc.nameAlias, Product: doc.productNumber } }];
}

/** Builds the document element (in its own namespace, records in schema order) for one AX document. */
export function buildAxDocument(doc: AxDocument): BuiltAxDocument {
  switch (doc.kind) {
    case 'freeTextInvoice':
      return documentRoot('freeTextInvoice', freeTextInvoiceRecords(doc));
    case 'generalJournal':
    case 'customerPaymentJournal':
    case 'purchaseInvoiceJournal':
      return documentRoot(doc.kind, journalRecords(doc));
    case 'customer':
      return documentRoot('customer', accountTableRecords(doc));
    case 'vendor':
      return documentRoot('vendor', accountTableRecords(doc));
    case 'product':
      return documentRoot('product', productRecords(doc));
    case 'item':
      return documentRoot('item', itemRecords(doc));
  }
}

/** The document element as XML text (what goes inside the `…CreateRequest` wrapper). */
export function axDocumentXml(doc: AxDocument): string {
  return buildXml(buildAxDocument(doc).node);
}
