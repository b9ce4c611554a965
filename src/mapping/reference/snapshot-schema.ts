import { z } from 'zod';

const Decimal = z.union([z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal text'), z.number()]).transform((v) => String(v));
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-MM-dd');
const list = <T extends z.ZodType>(item: T) => z.array(item).default([]);

/** Format tag of snapshot files. */
export const SNAPSHOT_FORMAT = 'kfax-ax-reference/1';

/**
 * The AX reference snapshot file (`--reference ax-reference.json`): the reference data of one
 * AX company. Every list is optional; decimals are text. Documented in docs/mapping.md.
 */
export const ReferenceSnapshotSchema = z
  .object({
    format: z.literal(SNAPSHOT_FORMAT),
    company: z.string().min(1),
    accountingCurrency: z.string().regex(/^[A-Z]{3}$/),
    description: z.string().optional(),
    mainAccounts: list(z.object({ id: z.string().min(1), name: z.string(), type: z.enum(['ProfitAndLoss', 'BalanceSheet']), structure: z.string().optional() }).strict()),
    accountStructures: list(z.object({ name: z.string().min(1), segments: z.array(z.string().min(1)).min(1), delimiter: z.string().length(1) }).strict()),
    dimensions: list(z.object({ name: z.string().min(1), values: list(z.object({ value: z.string().min(1), description: z.string().default('') }).strict()) }).strict()),
    customerGroups: list(z.object({ id: z.string().min(1), name: z.string().default('') }).strict()),
    vendorGroups: list(z.object({ id: z.string().min(1), name: z.string().default('') }).strict()),
    paymentTerms: list(z.object({ id: z.string().min(1), days: z.number().int().min(0), afterMonthEnd: z.boolean().default(false) }).strict()),
    paymentModes: list(z.object({ id: z.string().min(1), name: z.string().default('') }).strict()),
    currencies: list(z.object({ code: z.string().regex(/^[A-Z]{3}$/), name: z.string().default('') }).strict()),
    exchangeRates: list(z.object({ from: z.string().regex(/^[A-Z]{3}$/), date: Day, rate: Decimal, displayFactor: z.number().int().positive().default(100) }).strict()),
    taxCodes: list(z.object({ code: z.string().min(1), name: z.string().default(''), rate: Decimal }).strict()),
    salesTaxGroups: list(z.object({ id: z.string().min(1), codes: z.array(z.string().min(1)) }).strict()),
    itemSalesTaxGroups: list(z.object({ id: z.string().min(1), codes: z.array(z.string().min(1)) }).strict()),
    bankAccounts: list(z.object({ id: z.string().min(1), name: z.string().default(''), mainAccount: z.string().optional(), currency: z.string().optional() }).strict()),
    journalNames: list(z.object({ id: z.string().min(1), name: z.string().default(''), type: z.string().min(1) }).strict()),
    periods: list(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), start: Day, end: Day, status: z.enum(['Open', 'OnHold', 'Closed']) }).strict()),
    customers: list(z.object({ accountNum: z.string().min(1), name: z.string().default(''), group: z.string().min(1), currency: z.string().default('') }).strict()),
    vendors: list(z.object({ accountNum: z.string().min(1), name: z.string().default(''), group: z.string().min(1), currency: z.string().default('') }).strict()),
    products: list(z.object({ itemId: z.string().min(1), name: z.string().default(''), itemGroup: z.string().default(''), itemTaxGroup: z.string().default('') }).strict()),
  })
  .strict();

/** A parsed snapshot. */
export type ReferenceSnapshot = z.output<typeof ReferenceSnapshotSchema>;
/** A snapshot as written in the file. */
export type ReferenceSnapshotInput = z.input<typeof ReferenceSnapshotSchema>;
