import { z } from 'zod';
import { CurrencyCodeSchema, DateSchema, DecSchema } from './scalars.js';

/**
 * Reference data types shared by connectors and the mapping: both charts of accounts,
 * dimensions, currencies and rates, tax codes and periods.
 */

/** A KashFlow nominal code (chart of accounts entry). */
export const NominalCodeSchema = z.object({ code: z.number().int(), name: z.string(), classification: z.number().int().optional(), vatRate: DecSchema.optional() }).strict();
export type NominalCode = z.infer<typeof NominalCodeSchema>;

/** An AX main account. */
export const MainAccountSchema = z.object({ id: z.string().min(1), name: z.string(), type: z.enum(['ProfitAndLoss', 'BalanceSheet']), structure: z.string().optional() }).strict();
export type MainAccount = z.infer<typeof MainAccountSchema>;

/** An AX account structure: ordered segments (the first is `MainAccount`) and a delimiter. */
export const AccountStructureSchema = z.object({ name: z.string().min(1), segments: z.array(z.string().min(1)).min(1), delimiter: z.string().min(1).max(1) }).strict();
export type AccountStructure = z.infer<typeof AccountStructureSchema>;

/** An AX financial dimension and its allowed values. */
export const DimensionSchema = z.object({ name: z.string().min(1), values: z.array(z.object({ value: z.string().min(1), description: z.string() }).strict()) }).strict();
export type Dimension = z.infer<typeof DimensionSchema>;

export const CurrencySchema = z.object({ code: CurrencyCodeSchema, name: z.string() }).strict();
export type Currency = z.infer<typeof CurrencySchema>;

/** AX-style rate: `rate` accounting-currency units per `displayFactor` units of `from`, valid from `date`. */
export const ExchangeRateSchema = z.object({ from: CurrencyCodeSchema, date: DateSchema, rate: DecSchema, displayFactor: z.number().int().positive() }).strict();
export type ExchangeRate = z.infer<typeof ExchangeRateSchema>;

export const TaxCodeSchema = z.object({ code: z.string().min(1), name: z.string(), rate: DecSchema }).strict();
export type TaxCode = z.infer<typeof TaxCodeSchema>;

export const FiscalPeriodSchema = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), start: DateSchema, end: DateSchema, status: z.enum(['Open', 'OnHold', 'Closed']) }).strict();
export type FiscalPeriod = z.infer<typeof FiscalPeriodSchema>;

/** A KashFlow VAT rate setting (`/vat/settings/vatrates`). */
export const VatRateSchema = z.object({ id: z.number().int(), rate: DecSchema, text: z.string() }).strict();
export type VatRate = z.infer<typeof VatRateSchema>;

/** A KashFlow bank account (itself a nominal code). */
export const BankAccountSchema = z.object({ id: z.number().int(), code: z.number().int(), name: z.string() }).strict();
export type BankAccount = z.infer<typeof BankAccountSchema>;
