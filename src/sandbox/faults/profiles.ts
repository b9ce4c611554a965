import { z } from 'zod';

/** Latency distribution of one kind of request. */
export const latencySpecSchema = z.discriminatedUnion('dist', [
  z.object({ dist: z.literal('none') }).strict(),
  z.object({ dist: z.literal('fixed'), ms: z.number().int().min(0).max(600_000) }).strict(),
  z.object({ dist: z.literal('uniform'), minMs: z.number().int().min(0), maxMs: z.number().int().min(0).max(600_000) }).strict(),
  /** Log-normal with the given median and 99th percentile, capped at maxMs. */
  z.object({ dist: z.literal('lognormal'), medianMs: z.number().positive(), p99Ms: z.number().positive(), maxMs: z.number().int().positive().max(600_000) }).strict(),
]);
export type LatencySpec = z.infer<typeof latencySpecSchema>;

const rate = z.number().min(0).max(1);

/** Fault behaviour of one sandbox. Rates are probabilities per request (0..1). */
export const systemFaultsSchema = z
  .object({
    /** Latency of reads (GET, read/find operations). */
    readLatency: latencySpecSchema,
    /** Latency of writes (POST/PUT/DELETE, create/update/delete operations). */
    writeLatency: latencySpecSchema,
    /** 429 with `Retry-After`. */
    throttle: rate,
    /** KashFlow: HTTP 400 `-2146232060` "Execution Timeout Expired". AX: the call hangs for `timeoutHangMs` and then fails with 500. */
    timeout: rate,
    /** 500/503 without processing. */
    serverError: rate,
    /** The connection is closed before the request is processed. */
    drop: rate,
    /** Writes only: the request is processed and committed, then the connection is closed without a response. */
    commitThenDrop: rate,
    /** Seconds advertised in `Retry-After` on throttling. */
    retryAfterSeconds: z.number().int().min(0).max(3600),
    /** How long an AX "timeout" hangs before failing. */
    timeoutHangMs: z.number().int().min(0).max(600_000),
    /** KashFlow lists: equal sort keys come back in random order and rows may shift across page boundaries. */
    unstableListOrder: z.boolean(),
  })
  .strict();
export type SystemFaults = z.infer<typeof systemFaultsSchema>;

export const faultProfileSchema = z.object({ name: z.string().min(1), kashflow: systemFaultsSchema, ax: systemFaultsSchema }).strict();
export type FaultProfile = z.infer<typeof faultProfileSchema>;

const NONE: LatencySpec = { dist: 'none' };
const CALM: Omit<SystemFaults, 'readLatency' | 'writeLatency'> = { throttle: 0, timeout: 0, serverError: 0, drop: 0, commitThenDrop: 0, retryAfterSeconds: 1, timeoutHangMs: 0, unstableListOrder: false };

/**
 * Built-in profiles:
 * - `fast`: no latency, no faults (tests).
 * - `realistic`: latencies in the range public sources report (KashFlow REST ~100–600 ms,
 *   AX AIF creates ~0.3–1.5 s, reference §5 of dynamics-ax.md) and rare faults.
 * - `chaos`: long tails and frequent faults of every kind, for resilience runs.
 */
export const BUILT_IN_PROFILES: Readonly<Record<'fast' | 'realistic' | 'chaos', FaultProfile>> = {
  fast: { name: 'fast', kashflow: { readLatency: NONE, writeLatency: NONE, ...CALM }, ax: { readLatency: NONE, writeLatency: NONE, ...CALM } },
  realistic: {
    name: 'realistic',
    kashflow: { readLatency: { dist: 'lognormal', medianMs: 120, p99Ms: 600, maxMs: 5000 }, writeLatency: { dist: 'lognormal', medianMs: 220, p99Ms: 900, maxMs: 8000 }, ...CALM, throttle: 0.002, timeout: 0.001, retryAfterSeconds: 2 },
    ax: { readLatency: { dist: 'lognormal', medianMs: 150, p99Ms: 700, maxMs: 5000 }, writeLatency: { dist: 'lognormal', medianMs: 400, p99Ms: 1500, maxMs: 10000 }, ...CALM, serverError: 0.001, commitThenDrop: 0.001, timeoutHangMs: 30_000 },
  },
  chaos: {
    name: 'chaos',
    kashflow: { readLatency: { dist: 'lognormal', medianMs: 150, p99Ms: 2500, maxMs: 15000 }, writeLatency: { dist: 'lognormal', medianMs: 300, p99Ms: 4000, maxMs: 20000 }, throttle: 0.05, timeout: 0.03, serverError: 0.03, drop: 0.02, commitThenDrop: 0.02, retryAfterSeconds: 1, timeoutHangMs: 0, unstableListOrder: true },
    ax: { readLatency: { dist: 'lognormal', medianMs: 200, p99Ms: 3000, maxMs: 20000 }, writeLatency: { dist: 'lognormal', medianMs: 500, p99Ms: 5000, maxMs: 30000 }, throttle: 0.02, timeout: 0.01, serverError: 0.04, drop: 0.02, commitThenDrop: 0.04, retryAfterSeconds: 1, timeoutHangMs: 15_000, unstableListOrder: false },
  },
};

export type ProfileName = keyof typeof BUILT_IN_PROFILES;

/** Looks up a built-in profile by name; throws a RangeError listing the valid names. */
export function builtInProfile(name: string): FaultProfile {
  const p = (BUILT_IN_PROFILES as Record<string, FaultProfile>)[name];
  if (!p) throw new RangeError(`unknown fault profile "${name}" (expected one of: ${Object.keys(BUILT_IN_PROFILES).join(', ')})`);
  return structuredClone(p);
}
