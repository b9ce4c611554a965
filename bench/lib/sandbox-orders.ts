/**
 * The shop orders the sandbox benches send, as kfax would send them: the KashFlow invoice body
 * of order `n` (the shape of `flows/order-to-cash/shop-order.ts`) and its AX free-text invoice
 * record. Shared so every sandbox bench measures the same documents.
 */
import { el, leaf, type XmlNode } from '../../src/xml/build.js';

/** AX shared-types namespace (the ledger dimension's elements). */
export const SHARED_NS = 'http://schemas.microsoft.com/dynamics/2008/01/sharedtypes';

const PRODUCTS = [
  { title: 'Enamel Mug', sku: 'ENA-104', rate: '16.6583' },
  { title: 'Linen Tea Towel', sku: 'LIN-220', rate: '10.4167' },
  { title: 'Oak Chopping Board', sku: 'OAK-310', rate: '28.3333' },
  { title: 'Stoneware Bowl', sku: 'STO-118', rate: '13.1250' },
];

function product(n: number): (typeof PRODUCTS)[number] {
  return PRODUCTS[n % PRODUCTS.length] as (typeof PRODUCTS)[number];
}

/** The KashFlow `POST /v2/invoices` body of order `n`. */
export function kashflowInvoiceBody(n: number, customerCode: string): string {
  const p = product(n);
  return JSON.stringify({
    CustomerCode: customerCode,
    IssuedDate: '2026-11-26 12:00:00',
    DueDate: '2026-12-26 12:00:00',
    CustomerReference: `#${1001 + n}`,
    Currency: { Code: 'GBP', ExchangeRate: 1 },
    LineItems: [
      { Number: 1, Description: `${p.title} (${p.sku})`, Quantity: 1 + (n % 3), Rate: Number(p.rate), NominalCode: 4000, VATLevel: 20, VATExempt: false },
      { Number: 2, Description: 'Standard delivery', Quantity: 1, Rate: 4.125, NominalCode: 4000, VATLevel: 20, VATExempt: false },
    ],
  });
}

/** The AX document number of order `n`'s invoice. */
export const documentNum = (n: number): string => `KF-${100001 + n}`;

/** One AX `CustInvoiceTable` record (free-text invoice) for order `n`. */
export function axFreeTextInvoice(n: number, customer: string): XmlNode {
  const p = product(n);
  const line = (description: string, amount: string): XmlNode =>
    el('CustInvoiceLine', { class: 'entity' }, [
      leaf('AmountCur', amount),
      leaf('Description', description),
      el('LedgerDimension', undefined, [el('Account', { xmlns: SHARED_NS }, '401100'), el('DisplayValue', { xmlns: SHARED_NS }, '401100-020-SALES'), el('Values', { xmlns: SHARED_NS }, [el('Value', undefined, [el('Name', undefined, 'BusinessUnit'), el('Value', undefined, '020')]), el('Value', undefined, [el('Name', undefined, 'Department'), el('Value', undefined, 'SALES')])])]),
      leaf('TaxItemGroup', 'STD'),
    ]) as XmlNode;
  return el('CustInvoiceTable', { class: 'entity' }, [
    leaf('CurrencyCode', 'GBP'),
    leaf('CustomerRef', `Shopify order #${1001 + n}`),
    leaf('DocumentNum', documentNum(n)),
    leaf('InvoiceDate', '2026-11-26'),
    leaf('OrderAccount', customer),
    line(`${p.title} (${p.sku}) x${1 + (n % 3)}`, (Number(p.rate) * (1 + (n % 3))).toFixed(2)),
    line('Standard delivery', '4.13'),
  ].filter((c): c is XmlNode => c !== undefined));
}
