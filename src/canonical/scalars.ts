import { z } from 'zod';
import { Dec } from './money.js';

/** A decimal amount (never a JS float). */
export const DecSchema = z.custom<Dec>((v) => v instanceof Dec && v.isFinite(), { message: 'expected a decimal' });

/** A business date `yyyy-MM-dd`. */
export const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date yyyy-MM-dd');

/** An ISO 4217 currency code. */
export const CurrencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter currency code');

/** A lowercase hex SHA-256. */
export const HashSchema = z.string().regex(/^[0-9a-f]{64}$/);
