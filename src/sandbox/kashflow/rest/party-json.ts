import type { KashflowState } from '../state.js';
import type { CustomerRec, SupplierRec } from '../store/records.js';
import { partyStats } from '../store/stats.js';
import { money, NO_DATE, optionalDate, timestamp } from '../wire/format.js';
import { addressJson, cachedJson, contactJson, currencyJson, currencyOf, nameValueJson } from './json-common.js';

/**
 * Customer (reference §5.2). The list summary has the same fields with `CustomTextBoxes`
 * and `CustomCheckBoxes` null (custom fields come from the detail only, reference §5.1).
 */
export function customerJson(state: KashflowState, c: CustomerRec, shape: 'summary' | 'detail'): string {
  return cachedJson(c, state, shape, () => {
    const s = partyStats(state.store, 'invoice', c.code, state.today());
    const detail = shape === 'detail';
    return {
      Id: c.id,
      Code: c.code,
      Name: c.name,
      DisplayName: c.name,
      Contacts: c.contacts.map(contactJson),
      Addresses: c.addresses.map(addressJson),
      DeliveryAddresses: c.deliveryAddresses.map(addressJson),
      UseCustomDeliveryAddress: c.useCustomDeliveryAddress,
      Email: c.email,
      TelephoneNumber: c.telephone,
      MobileNumber: c.mobile,
      FaxNumber: c.fax,
      Website: c.website,
      Currency: currencyJson(currencyOf(state, c.currencyCode)),
      PaymentTerms: { Days: c.paymentTerms.days, Type: c.paymentTerms.type },
      DiscountRate: money(c.discountRate),
      ShowDiscount: c.showDiscount,
      VATNumber: c.vatNumber,
      AutoIncludeVATNumber: c.autoIncludeVatNumber,
      IsRegisteredInEC: c.isRegisteredInEC,
      IsRegisteredOutsideEC: c.isRegisteredOutsideEC,
      Note: c.note,
      Source: c.source,
      DefaultNominalCode: c.defaultNominalCode,
      DefaultCustomerReference: c.defaultCustomerReference,
      ReceivesWholesalePricing: c.receivesWholesalePricing,
      ApplyWHT: c.applyWht,
      WHTRate: money(c.whtRate),
      WHTReferences: c.whtReferences.map(nameValueJson),
      CustomTextBoxes: detail ? c.customTextBoxes.map(nameValueJson) : null,
      CustomCheckBoxes: detail ? c.customCheckBoxes.map(nameValueJson) : null,
      CreatedDate: timestamp(c.createdMs),
      LastUpdatedDate: timestamp(c.updatedMs),
      FirstInvoiceDate: optionalDate(s.firstDate) ?? NO_DATE,
      LastInvoiceDate: optionalDate(s.lastDate) ?? NO_DATE,
      InvoiceCount: s.count,
      InvoicedNetAmount: money(s.net),
      InvoicedVATAmount: money(s.vat),
      TotalPaidAmount: money(s.paid),
      OutstandingBalance: money(s.outstanding),
      AverageDaysToPay: s.averageDaysToPay,
      IsArchived: c.isArchived,
      IsGoCardlessMandateSet: false,
      AutomaticCreditControlEnabled: c.automaticCreditControlEnabled,
      Key: c.key,
      UniqueEntityNumber: c.uniqueEntityNumber,
      EmailTemplateNumber: c.emailTemplateNumber,
      PDFThemeId: c.pdfThemeId,
      EnvelopeUrl: `/v2/customers/${encodeURIComponent(c.code)}/envelope`,
      CreateCustomerCodeIfDuplicate: false,
      CreateCustomerNameIfEmptyOrNull: false,
    };
  });
}

/** Supplier (reference §5.3): note `VatNumber` (not `VATNumber`) and a single `Address`. */
export function supplierJson(state: KashflowState, s: SupplierRec, shape: 'summary' | 'detail'): string {
  return cachedJson(s, state, shape, () => {
    const st = partyStats(state.store, 'purchase', s.code, state.today());
    return {
      Id: s.id,
      Code: s.code,
      Name: s.name,
      Contacts: s.contacts.map(contactJson),
      Address: addressJson(s.address),
      Currency: currencyJson(currencyOf(state, s.currencyCode)),
      PaymentTerms: { Days: s.paymentTerms.days, Type: s.paymentTerms.type },
      VatNumber: s.vatNumber,
      IsRegisteredInEC: s.isRegisteredInEC,
      DefaultNominalCode: s.defaultNominalCode,
      PaymentMethod: s.paymentMethod,
      BankAccount: { Name: s.bankAccount.name, Number: s.bankAccount.number, SortCode: s.bankAccount.sortCode },
      DefaultPdfTheme: s.defaultPdfTheme,
      Note: s.note,
      CreatedDate: timestamp(s.createdMs),
      LastUpdatedDate: timestamp(s.updatedMs),
      FirstPurchaseDate: optionalDate(st.firstDate) ?? NO_DATE,
      LastPurchaseDate: optionalDate(st.lastDate) ?? NO_DATE,
      OutstandingBalance: money(st.outstanding),
      TotalPaidAmount: money(st.paid),
      TotalDueAmount: money(st.overdue),
      BilledNetAmount: money(st.net),
      BilledVatAmount: money(st.vat),
      IsArchived: s.isArchived,
      ApplyWithholdingTax: s.applyWithholdingTax,
      WithholdingTaxRate: money(s.withholdingTaxRate),
      WithholdingTaxReferences: s.withholdingTaxReferences.map(nameValueJson),
      IsCISReverseCharge: s.isCISReverseCharge,
      TradeBorderType: s.tradeBorderType,
      IsVatRateEnabled: s.isVatRateEnabled,
      DefaultVatRate: money(s.defaultVatRate),
      VatExempt: s.vatExempt,
      UniqueEntityNumber: s.uniqueEntityNumber,
      CreateSupplierCodeIfDuplicate: false,
      CreateSupplierNameIfEmptyOrNull: false,
    };
  });
}
