/**
 * `endpoints:` — limits and policies per endpoint name (e.g. `ax-kfuk`, `kashflow`), with a
 * `default` entry applied to every endpoint. Keys left out fall back to `default`, then to the
 * built-in defaults in `src/engine/settings.ts`. All limits are per process.
 */
import { z } from 'zod';

const endpointSchema = z.strictObject({
  /** Handlers of this endpoint running at once in one process. */
  concurrency: z.int().min(1).max(10_000).optional(),
  /** Messages claimed ahead of free slots (`null`: as many as `concurrency`; 0: none). */
  prefetch: z.int().min(0).max(10_000).nullable().optional(),
  /** Token bucket; `null` disables it. */
  rateLimit: z.strictObject({ perSecond: z.number().positive().max(1_000_000), burst: z.int().min(1).max(1_000_000) }).nullable().optional(),
  /** Circuit breaker; `null` disables it. */
  breaker: z.strictObject({ failureThreshold: z.int().min(1).max(10_000).optional(), openMs: z.int().min(100).max(86_400_000).optional() }).nullable().optional(),
  retry: z
    .strictObject({
      maxAttempts: z.int().min(1).max(1_000).optional(),
      baseDelayMs: z.int().min(1).max(86_400_000).optional(),
      maxDelayMs: z.int().min(1).max(86_400_000).optional(),
      unknownErrorMaxAttempts: z.int().min(1).max(1_000).optional(),
      inDoubtMaxAttempts: z.int().min(1).max(1_000).optional(),
    })
    .optional(),
  handlerTimeoutMs: z.int().min(100).max(86_400_000).optional(),
});

export const endpointsSection = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/, 'endpoint names start with a letter and use letters, digits, _ . : -'), endpointSchema)
  .default({});

/** The validated `endpoints` section. */
export type EndpointsConfig = z.output<typeof endpointsSection>;
