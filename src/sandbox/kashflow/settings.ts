import { z } from 'zod';

/**
 * Behaviour switches of the KashFlow sandbox. Most of them cover facts the reference marks
 * as unknown [U] or guessed [G]; the defaults are the most plausible reading and every one
 * can be changed at run time through `PUT /_sandbox/kashflow/settings`.
 */
export const kashflowSettingsSchema = z
  .object({
    /** Sliding idle timeout of a REST session token, in minutes (reference §2.3: 60, "configurable"). */
    sessionIdleMinutes: z.number().int().min(1).max(7 * 24 * 60),
    /** Lifetime of a step-1 temporary token, in minutes ([G]: "x minutes" in the docs). */
    temporaryTokenMinutes: z.number().int().min(1).max(24 * 60),
    /** Consecutive failed logins (bad password or bad memorable-word characters) that lock the account [G]. */
    lockoutThreshold: z.number().int().min(1).max(1000),
    /** How long a lock lasts before it clears by itself, in minutes [G]. */
    lockoutMinutes: z.number().int().min(1).max(7 * 24 * 60),
    /** Report part-paid documents as `PartPaid` instead of `Unpaid`/`Overdue` [G: no such value seen]. */
    partPaidStatus: z.boolean(),
    /** Page size when `perpage` is absent [G]. */
    defaultPerPage: z.number().int().min(1).max(10_000),
    /** Largest page size; larger `perpage` values are clamped to it [G]. */
    maxPerPage: z.number().int().min(1).max(10_000),
    /** Ignore unknown JSON properties as ASP.NET does (true), or answer 400 naming them (false). */
    ignoreUnknownFields: z.boolean(),
    /** Include `SupplierId` in purchase responses (it disappeared around May 2026, reference §5.5). */
    purchaseSupplierId: z.boolean(),
    /** Probability (0..1) that an unstable list page shifts a row across a page boundary (reference quirk #4). */
    unstablePageShiftRate: z.number().min(0).max(1),
  })
  .strict();

export type KashflowSettings = z.infer<typeof kashflowSettingsSchema>;

/** A partial update as accepted by the control API. */
export const kashflowSettingsPatchSchema = kashflowSettingsSchema.partial().strict();

/** Defaults: see the field comments of {@link kashflowSettingsSchema}. */
export function defaultKashflowSettings(): KashflowSettings {
  return {
    sessionIdleMinutes: 60,
    temporaryTokenMinutes: 5,
    lockoutThreshold: 5,
    lockoutMinutes: 30,
    partPaidStatus: false,
    defaultPerPage: 100,
    maxPerPage: 500,
    ignoreUnknownFields: true,
    purchaseSupplierId: false,
    unstablePageShiftRate: 0.25,
  };
}
