import { Dec, fixed, roundTo } from '../../../canonical/money.js';
import { rateFor } from '../domain/currency.js';
import { resolveDimensionSet, resolveLedgerAccount } from '../domain/dimensions.js';
import { dueDate } from '../domain/terms.js';
import type { OperationContext, ServiceHandlers } from '../operations/context.js';
import { dimensionSet, multiTypeAccount, refuseReadOnly, scalar } from '../operations/fields.js';
import { documentParam } from '../operations/request.js';
import { planInvoicePosting } from '../posting/invoice-posting.js';
import { plainCentsText } from '../../pence.js';
import type { ParsedRecord } from '../schema/parse.js';
import { text } from '../schema/values.js';
import { ProblemList } from '../soap/aif-error.js';
import { entityKeyListNode } from '../soap/keys.js';
import type { FreeTextInvoice, FreeTextInvoiceLine } from '../state/ledger-types.js';

/**
 * FreeTextInvoiceService (CustFreeTextInvoiceService; external name [G]): `create` only, like
 * AX. The invoice is created unposted; with `autoPost` it is posted within the call (so a
 * closed period fails the create). The key returned is `RecId` by default, or `InvoiceId`
 * (settings; falls back to RecId while the invoice is unposted).
 */
export const freeTextInvoiceHandlers: ServiceHandlers = {
  create(ctx, wrapper) {
    const doc = documentParam(ctx, wrapper);
    const problems = new ProblemList();
    const planned: FreeTextInvoice[] = [];
    for (const parsed of doc.records) {
      const before = problems.size;
      const invoice = planInvoice(ctx, parsed, problems);
      if (!invoice || problems.size > before) continue;
      planned.push(invoice);
      if (ctx.settings.autoPost) planInvoicePosting(ctx.aos, ctx.company, ctx.tx, invoice, parsed.xpath, problems, new Date(ctx.nowMs).toISOString());
    }
    problems.throwIfAny();
    ctx.tx.onCommit(() => {
      for (const inv of planned) ctx.company.freeTextInvoices.set(inv.recId, inv);
    });
    return () => {
      const useInvoiceId = ctx.settings.freeTextInvoiceKeyField === 'InvoiceId';
      return [entityKeyListNode(planned.map((inv) => (useInvoiceId && inv.invoiceId ? [['InvoiceId', inv.invoiceId]] : [['RecId', String(inv.recId)]])))];
    };
  },
};

function planInvoice(ctx: OperationContext, p: ParsedRecord, problems: ProblemList): FreeTextInvoice | undefined {
  const company = ctx.company;
  const xp = p.xpath;
  refuseReadOnly(p, problems);
  const orderAccount = scalar(p, 'OrderAccount');
  if (orderAccount === '') {
    problems.add(`Field 'OrderAccount' must be filled in.`, 'OrderAccount', `${xp}/OrderAccount`);
    return undefined;
  }
  const customer = company.customers.get(orderAccount);
  if (!customer) {
    problems.add(`Customer account ${orderAccount} does not exist.`, 'OrderAccount', `${xp}/OrderAccount`);
    return undefined;
  }
  const blocked = text(customer.record, 'Blocked');
  if (blocked === 'All' || blocked === 'Invoice') problems.add(`Customer ${orderAccount} is on hold (Blocked: ${blocked}); it cannot be invoiced.`, 'OrderAccount', `${xp}/OrderAccount`);
  const invoiceAccountIn = scalar(p, 'InvoiceAccount') || text(customer.record, 'InvoiceAccount') || text(customer.record, 'AccountNum');
  const invoiceCustomer = company.customers.get(invoiceAccountIn);
  if (!invoiceCustomer) problems.add(`Customer account ${invoiceAccountIn} does not exist.`, 'InvoiceAccount', `${xp}/InvoiceAccount`);
  const currencyIn = scalar(p, 'CurrencyCode') || text(customer.record, 'Currency') || company.accountingCurrency;
  const currency = company.currencies.get(currencyIn);
  if (!currency) problems.add(`Currency ${currencyIn} does not exist.`, 'CurrencyCode', `${xp}/CurrencyCode`);
  const invoiceDate = scalar(p, 'InvoiceDate') || ctx.today;
  const termIn = scalar(p, 'PaymTermId') || text(customer.record, 'PaymTermId');
  const term = termIn === '' ? undefined : company.paymentTerms.get(termIn);
  if (termIn !== '' && !term) problems.add(`Terms of payment ${termIn} does not exist.`, 'PaymTermId', `${xp}/PaymTermId`);
  const taxGroupIn = scalar(p, 'TaxGroup') || text(customer.record, 'TaxGroup');
  const taxGroup = taxGroupIn === '' ? undefined : company.salesTaxGroups.get(taxGroupIn);
  if (taxGroupIn !== '' && !taxGroup) problems.add(`Sales tax group ${taxGroupIn} does not exist.`, 'TaxGroup', `${xp}/TaxGroup`);
  const exchRate = scalar(p, 'ExchRate') || undefined;
  if (currency) rateFor(company, currency.id, invoiceDate, exchRate, 'CurrencyCode', `${xp}/CurrencyCode`, problems);
  const defaultDimension = resolveDimensionSet(company, dimensionSet(p, 'DefaultDimension'), `${xp}/DefaultDimension`, problems);
  const lineRecords = p.children.get('CustInvoiceLine') ?? [];
  if (lineRecords.length === 0) problems.add('A free text invoice must have at least one line (CustInvoiceLine).', 'CustInvoiceLine', xp);
  const lines: FreeTextInvoiceLine[] = [];
  lineRecords.forEach((l, i) => {
    const line = planLine(ctx, l, i, taxGroup?.id ?? '', problems);
    if (line) lines.push(line);
  });
  return {
    recId: ctx.aos.nextRecId(),
    recVersion: 1,
    orderAccount: text(customer.record, 'AccountNum'),
    invoiceAccount: invoiceCustomer ? text(invoiceCustomer.record, 'AccountNum') : invoiceAccountIn,
    currency: currency?.id ?? currencyIn,
    invoiceDate,
    dueDate: scalar(p, 'DueDate') || dueDate(invoiceDate, term),
    paymTermId: term?.id ?? '',
    documentNum: scalar(p, 'DocumentNum'),
    customerRef: scalar(p, 'CustomerRef'),
    taxGroup: taxGroup?.id ?? '',
    exchRate,
    defaultDimension,
    lines,
    createdAt: new Date(ctx.nowMs).toISOString(),
    posted: false,
  };
}

function planLine(ctx: OperationContext, l: ParsedRecord, index: number, headerTaxGroup: string, problems: ProblemList): FreeTextInvoiceLine | undefined {
  const company = ctx.company;
  const xp = l.xpath;
  const before = problems.size;
  const unitPrice = scalar(l, 'UnitPrice');
  const quantity = scalar(l, 'Quantity') || (unitPrice !== '' ? '1' : '');
  let amountCur = scalar(l, 'AmountCur');
  if (amountCur === '') {
    if (unitPrice === '') problems.add(`Field 'AmountCur' must be filled in (or Quantity and UnitPrice).`, 'AmountCur', `${xp}/AmountCur`);
    else amountCur = cents(new Dec(quantity).times(unitPrice));
  } else amountCur = plainCentsText(amountCur) ?? cents(new Dec(amountCur));
  const mta = multiTypeAccount(l, 'LedgerDimension');
  const ledger = mta ? resolveLedgerAccount(company, mta, `${xp}/LedgerDimension`, 'LedgerDimension', problems) : undefined;
  if (!mta) problems.add(`Field 'LedgerDimension' must be filled in (the main account of the line).`, 'LedgerDimension', `${xp}/LedgerDimension`);
  const taxGroupIn = scalar(l, 'TaxGroup') || headerTaxGroup;
  const taxGroup = taxGroupIn === '' ? undefined : company.salesTaxGroups.get(taxGroupIn);
  if (taxGroupIn !== '' && !taxGroup) problems.add(`Sales tax group ${taxGroupIn} does not exist.`, 'TaxGroup', `${xp}/TaxGroup`);
  const itemIn = scalar(l, 'TaxItemGroup');
  const item = itemIn === '' ? undefined : company.itemSalesTaxGroups.get(itemIn);
  if (itemIn !== '' && !item) problems.add(`Item sales tax group ${itemIn} does not exist.`, 'TaxItemGroup', `${xp}/TaxItemGroup`);
  const defaultDimension = resolveDimensionSet(company, dimensionSet(l, 'DefaultDimension'), `${xp}/DefaultDimension`, problems);
  if (problems.size > before || !ledger) return undefined;
  return {
    recId: ctx.aos.nextRecId(),
    lineNum: scalar(l, 'LineNum') || String(index + 1),
    description: scalar(l, 'Description'),
    quantity,
    unitPrice,
    amountCur,
    ledger,
    taxGroup: taxGroup?.id ?? '',
    taxItemGroup: item?.id ?? '',
    defaultDimension,
  };
}

/** An amount as text with 2 decimals (half-up), as `fixed(roundTo(value, 2), 2)` writes it. */
export function cents(value: Dec): string {
  // toFixed rounds as roundTo does; only a negative amount that rounds to zero differs (roundTo makes it 0, toFixed keeps the sign).
  return value.isNegative() ? fixed(roundTo(value, 2), 2) : fixed(value, 2);
}
