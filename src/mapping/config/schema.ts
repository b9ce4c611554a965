import { z } from 'zod';
import { ENTITY_KINDS } from '../../canonical/model.js';
import { ConditionSchema, DecisionTableSchema } from './decision.js';

/** Plain-decimal text (amounts and rates are never floats in the configuration). */
const DecimalText = z.union([z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal like "0.05"'), z.number()]).transform((v) => String(v));
const AccountId = z.union([z.string().min(1), z.number()]).transform((v) => String(v));
const Entity = z.enum(ENTITY_KINDS);
const RoundingMode = z.enum(['half-up', 'half-even', 'down', 'up']);

const AccountRule = z
  .object({
    id: z.string().min(1).optional().describe('Shown in explanations.'),
    when: ConditionSchema.describe('Facts to match, e.g. {nominal: [4000, {from: 4010, to: 4020}], customerGroup: WEB}.'),
    mainAccount: AccountId.describe('AX main account id.'),
  })
  .strict();

const AccountRange = z.union([AccountId, z.object({ from: AccountId, to: AccountId }).strict()]);

const AccountStructure = z
  .object({
    name: z.string().min(1),
    segments: z.array(z.string().min(1)).min(1).describe('Segment names in order; the first must be MainAccount.'),
    delimiter: z.string().length(1).default('-'),
    mainAccounts: z.array(AccountRange).min(1).describe('Main accounts (ids or {from, to} ranges) that use this structure.'),
  })
  .strict();

export const AccountsSection = z
  .object({
    rules: z.array(AccountRule).default([]).describe('Multi-level rules, first match wins (e.g. nominal + customer group, nominal + project).'),
    nominals: z.record(z.string().regex(/^\d+$/, 'nominal codes are numbers'), AccountId).default({}).describe('Nominal code alone → AX main account, used when no rule matched.'),
    default: AccountId.optional().describe('Main account when nothing matched (e.g. a suspense account); without it an unmapped nominal fails the message.'),
    structures: z.array(AccountStructure).default([]).describe('Account structures that build LedgerDimension DisplayValue; accounts not covered use the reference data, or the main account alone.'),
    emptySegments: z.enum(['keep', 'trim-trailing']).default('keep').describe('keep: "401100--SALES" keeps empty segments between delimiters; trim-trailing: drop empty segments at the end [G].'),
  })
  .strict();

const DimensionTable = z
  .object({
    dimension: z.string().min(1),
    scope: z.enum(['header', 'line']).default('line').describe('header: once per document (document DefaultDimension, customer/vendor defaults); line: per line.'),
    entities: z.array(Entity).optional().describe('Only for these entities (default: all).'),
    table: DecisionTableSchema,
  })
  .strict();

export const DimensionsSection = z
  .object({
    order: z.array(z.string().min(1)).default([]).describe('Dimension names in the order they are written; every table must use one of them.'),
    inheritHeader: z.boolean().default(true).describe('Lines take header dimension values they do not derive themselves.'),
    tables: z.array(DimensionTable).default([]),
  })
  .strict();

const CUSTOMER_EXTRA_FIELDS = ['Blocked', 'CashDisc', 'CreditMax', 'DlvMode', 'DlvTerm', 'InclTax', 'InvoiceAccount', 'LineDisc', 'MandatoryCreditLimit', 'Memo', 'OneTimeCustomer', 'PriceGroup', 'SalesGroup'] as const;
/** AX CustTable/VendTable fields a custom-field rule may write. */
export const EXTRA_ACCOUNT_FIELDS = CUSTOMER_EXTRA_FIELDS;

export const CustomFieldRule = z
  .object({
    id: z.string().min(1).optional(),
    entity: z.enum(['customer', 'supplier']),
    source: z.union([z.object({ text: z.string().min(1) }).strict(), z.object({ check: z.string().min(1) }).strict(), z.object({ fact: z.string().min(1) }).strict()]).describe('A custom text box, a custom check box, or any fact.'),
    target: z.union([z.object({ dimension: z.string().min(1) }).strict(), z.object({ field: z.enum(CUSTOMER_EXTRA_FIELDS) }).strict()]),
    values: z.record(z.string(), z.string()).optional().describe('Translate source values (check boxes are "true"/"false"; "*" is the fallback).'),
    expression: z.string().min(1).optional().describe('JSONata over {value, facts}; used instead of values.'),
    skipEmpty: z.boolean().default(true).describe('Write nothing when the source is empty.'),
  })
  .strict();

const LineRole = z.enum(['street', 'city', 'county', 'ignore']);

export const AddressSection = z
  .object({
    lineRoles: z.array(LineRole).length(4).default(['street', 'street', 'city', 'county']).describe('What KashFlow Line1..Line4 hold.'),
    streetSeparator: z.string().default('\n').describe('Joins several street lines into AX Street.'),
    ukPostcodes: z.enum(['normalise', 'keep', 'reject-invalid']).default('normalise').describe('normalise: upper case with one space before the inward code; reject-invalid also fails on malformed UK postcodes.'),
    ukCountries: z.array(z.string().regex(/^[A-Z]{2}$/)).default(['GB', 'GG', 'JE', 'IM']).describe('Countries whose postcodes follow UK rules.'),
    countries: z.record(z.string().regex(/^[A-Z]{2}$/), z.string().min(2)).default({}).describe('Overrides of the built-in ISO alpha-2 → AX country/region table (EL is Greece → GRC).'),
    defaultCountry: z.string().regex(/^[A-Z]{2}$/).default('GB').describe('Country assumed when the address has none.'),
    roles: z.string().default('Invoice').describe('AX Roles of the address (e.g. "Invoice;Delivery").'),
  })
  .strict();

const Rounding = z.object({ decimals: z.number().int().min(0).max(6), mode: RoundingMode.default('half-up') }).strict();

export const CurrencySection = z
  .object({
    accountingCurrency: z.string().regex(/^[A-Z]{3}$/).default('GBP').describe('AX company accounting currency (also the KashFlow home currency).'),
    rateSource: z.enum(['document', 'ax', 'table', 'none']).default('document').describe("document: the KashFlow document's own rate; ax: AX exchange rates by date (reference data); table: the rates below; none: send no ExchRate."),
    table: z.record(z.string().regex(/^[A-Z]{3}$/), DecimalText).default({}).describe('KashFlow direction: foreign units per 1 unit of accounting currency.'),
    exchRateDecimals: z.number().int().min(2).max(12).default(6).describe('Decimals of the AX ExchRate (accounting units per 100 foreign units).'),
    rounding: z.record(z.string().regex(/^([A-Z]{3}|default)$/), Rounding).default({ default: { decimals: 2, mode: 'half-up' } }).describe('Rounding per currency ("default" for the rest).'),
  })
  .strict();

const AxSettlement = z.enum(['open', 'partlySettled', 'settled', 'none']);
export const StatusSection = z
  .object({
    toAx: z.record(z.string(), AxSettlement).default({ Paid: 'settled', Overpaid: 'settled', Unpaid: 'open', Overdue: 'open', NA: 'none', '*': 'open' }).describe('KashFlow status → expected AX settlement state ("*" fallback).'),
    toKashflow: z.record(AxSettlement, z.string()).default({ open: 'Unpaid', partlySettled: 'Unpaid', settled: 'Paid', none: 'NA' }).describe('AX settlement state → KashFlow status.'),
    overdueStatus: z.string().default('Overdue').describe('KashFlow status for open invoices past their due date.'),
  })
  .strict();

const SplitRule = z
  .object({
    id: z.string().min(1).optional(),
    when: ConditionSchema,
    dimension: z.string().min(1),
    shares: z.array(z.object({ value: z.string().min(1), percent: DecimalText }).strict()).min(2),
  })
  .strict();

export const LinesSection = z
  .object({
    aggregate: z
      .object({
        enabled: z.boolean().default(false),
        entities: z.array(z.enum(['sales-invoice', 'purchase-invoice'])).default(['sales-invoice', 'purchase-invoice']),
        vatSafe: z.boolean().default(true).describe('Merge two lines only when AX would compute the same VAT on the merged line as KashFlow on the two.'),
        description: z.string().default('{nominalName}').describe('Template for merged lines: {nominal}, {nominalName}, {mainAccount}, {count}.'),
      })
      .strict()
      .default({ enabled: false, entities: ['sales-invoice', 'purchase-invoice'], vatSafe: true, description: '{nominalName}' }),
    split: z.array(SplitRule).default([]).describe('Split matching lines across dimension values by percentages (largest-remainder allocation).'),
  })
  .strict();

export const VatSection = z
  .object({
    itemTaxGroups: z.record(z.string().regex(/^(\d+(\.\d+)?|exempt)$/, 'keys are VAT percentages or "exempt"'), z.string().min(1)).describe('KashFlow VAT rate → AX item sales tax group; "exempt" for VATExempt lines.'),
    taxGroup: DecisionTableSchema.describe('AX sales tax group of the customer/vendor side (facts: inEC, outsideEC, country, partyKind…).'),
    lineRounding: RoundingMode.default('half-up').describe('How AX rounds line VAT (per line, 2 dp) [G].'),
    difference: z
      .object({
        action: z.enum(['rounding-line', 'fail', 'accept']).default('rounding-line').describe('What to do when AX would compute a different VAT total than KashFlow booked.'),
        maxDifference: DecimalText.default('0.05').describe('Larger differences always fail the message.'),
        account: AccountId.optional().describe('Main account of the rounding line (required for rounding-line).'),
        description: z.string().default('VAT rounding difference'),
      })
      .strict()
      .default({ action: 'rounding-line', maxDifference: '0.05', description: 'VAT rounding difference' }),
  })
  .strict();

export const PartiesSection = z
  .object({
    customerAccount: z.string().default('KF-{code}').describe('AX customer account from the KashFlow code ({code}).'),
    vendorAccount: z.string().default('KF-{code}'),
    customerGroup: DecisionTableSchema.describe('Used when the AX reference data does not know the customer.'),
    vendorGroup: DecisionTableSchema,
    paymentTerms: DecisionTableSchema.describe('Facts termsDays, termsType → AX PaymTermId.'),
    paymentMode: DecisionTableSchema.optional().describe('AX PaymMode (suppliers: fact paymentMethod).'),
    partyType: DecisionTableSchema.optional().describe('"Organization" or "Person" (default Organization).'),
    languageId: z.string().default('en-gb'),
  })
  .strict();

export const ProductsSection = z
  .object({
    itemId: z.string().default('{code}').describe('AX item / product number from the KashFlow code.'),
    productType: DecisionTableSchema.describe('"Item" or "Service".'),
    itemGroup: DecisionTableSchema.optional(),
    category: DecisionTableSchema.optional().describe('Fact productCategory for invoice lines, when the AX reference data does not know the item.'),
    languageId: z.string().default('en-gb'),
  })
  .strict();

export const DocumentsSection = z
  .object({
    customerPayment: z
      .object({
        journalName: z.string().default('CustPay'),
        name: z.string().default('KashFlow receipt {paymentId}'),
        txt: z.string().default('KashFlow receipt {paymentId} for invoice {number}'),
        documentNum: z.string().default('KFPAY-{paymentId}').describe('Natural key of the payment line in AX.'),
        markedInvoice: z.string().default('{number}').describe('AX invoice id to settle when kfax has no cross-reference yet [G].'),
      })
      .strict()
      .default({ journalName: 'CustPay', name: 'KashFlow receipt {paymentId}', txt: 'KashFlow receipt {paymentId} for invoice {number}', documentNum: 'KFPAY-{paymentId}', markedInvoice: '{number}' }),
    purchaseInvoice: z
      .object({ journalName: z.string().default('APInvoice'), name: z.string().default('KashFlow purchase {number}'), txt: z.string().default('{supplierName} {reference}') })
      .strict()
      .default({ journalName: 'APInvoice', name: 'KashFlow purchase {number}', txt: '{supplierName} {reference}' }),
    journal: z
      .object({ journalName: z.string().default('GenJrn'), name: z.string().default('KashFlow journal {number}') })
      .strict()
      .default({ journalName: 'GenJrn', name: 'KashFlow journal {number}' }),
  })
  .strict();

/** The whole mapping configuration (YAML; JSON schema in examples/kfax-mapping.schema.json). */
export const MappingConfigSchema = z
  .object({
    version: z.union([z.string().min(1), z.number()]).transform((v) => String(v)).describe('Your version of this mapping; recorded on every mapped document with a content hash.'),
    company: z.string().min(1).describe('AX legal entity (DataAreaId), e.g. kfuk.'),
    valueMaps: z.record(z.string().min(1), z.record(z.string(), z.string())).default({}).describe('Named key → value tables ("*" is the fallback key).'),
    accounts: AccountsSection,
    dimensions: DimensionsSection.default({ order: [], inheritHeader: true, tables: [] }),
    customFields: z.array(CustomFieldRule).default([]),
    address: AddressSection.default({ lineRoles: ['street', 'street', 'city', 'county'], streetSeparator: '\n', ukPostcodes: 'normalise', ukCountries: ['GB', 'GG', 'JE', 'IM'], countries: {}, defaultCountry: 'GB', roles: 'Invoice' }),
    currency: CurrencySection.default({ accountingCurrency: 'GBP', rateSource: 'document', table: {}, exchRateDecimals: 6, rounding: { default: { decimals: 2, mode: 'half-up' } } }),
    status: StatusSection.default({ toAx: { Paid: 'settled', Overpaid: 'settled', Unpaid: 'open', Overdue: 'open', NA: 'none', '*': 'open' }, toKashflow: { open: 'Unpaid', partlySettled: 'Unpaid', settled: 'Paid', none: 'NA' }, overdueStatus: 'Overdue' }),
    lines: LinesSection.default({ aggregate: { enabled: false, entities: ['sales-invoice', 'purchase-invoice'], vatSafe: true, description: '{nominalName}' }, split: [] }),
    vat: VatSection,
    parties: PartiesSection,
    products: ProductsSection,
    documents: DocumentsSection.default({
      customerPayment: { journalName: 'CustPay', name: 'KashFlow receipt {paymentId}', txt: 'KashFlow receipt {paymentId} for invoice {number}', documentNum: 'KFPAY-{paymentId}', markedInvoice: '{number}' },
      purchaseInvoice: { journalName: 'APInvoice', name: 'KashFlow purchase {number}', txt: '{supplierName} {reference}' },
      journal: { journalName: 'GenJrn', name: 'KashFlow journal {number}' },
    }),
  })
  .strict();

/** A validated mapping configuration (defaults applied). */
export type MappingConfig = z.output<typeof MappingConfigSchema>;
/** The configuration as written. */
export type MappingConfigInput = z.input<typeof MappingConfigSchema>;
