/**
 * Engine and endpoint settings with their defaults. The config loader (`src/config/`) validates
 * `kfax.yaml` against schemas built on these defaults; code after start-up only sees complete
 * settings objects.
 */

/** Retry budget and backoff of one endpoint. */
export interface RetrySettings {
  /** Attempts (not counting throttled ones) before a transient failure becomes a dead letter. */
  readonly maxAttempts: number;
  /** First backoff ceiling; doubles per attempt (full jitter picks uniformly below it). */
  readonly baseDelayMs: number;
  /** Backoff ceiling never exceeds this. */
  readonly maxDelayMs: number;
  /** Lower cap for exceptions that are not `KfaxError`s (bugs, unexpected library errors). */
  readonly unknownErrorMaxAttempts: number;
  /** Automatic re-sends of an in-doubt message before it waits for an operator. */
  readonly inDoubtMaxAttempts: number;
}

/** Token bucket: `perSecond` sustained, `burst` at once. */
export interface RateLimitSettings {
  readonly perSecond: number;
  readonly burst: number;
}

/** Circuit breaker: opens after `failureThreshold` consecutive failures, probes after `openMs`. */
export interface BreakerSettings {
  readonly failureThreshold: number;
  readonly openMs: number;
}

/** Per-endpoint limits and policies. All of them are per process. */
export interface EndpointSettings {
  /** Messages of this endpoint handled at the same time by one process. */
  readonly concurrency: number;
  /**
   * Messages claimed ahead of free slots, leased and waiting in this process, so a busy
   * endpoint claims in batches instead of once per finished message (each claim is a store
   * transaction). `null`: as many as `concurrency`; 0: claim only for free slots. Used only
   * while the endpoint has no rate limit and its breaker is closed; given back unstarted on
   * stop or when the endpoint pauses.
   */
  readonly prefetch: number | null;
  /** null: no rate limit. */
  readonly rateLimit: RateLimitSettings | null;
  /** null: no breaker. */
  readonly breaker: BreakerSettings | null;
  readonly retry: RetrySettings;
  /** A handler still running after this is abandoned as in doubt. */
  readonly handlerTimeoutMs: number;
}

/** Worker loop and housekeeping settings. */
export interface EngineSettings {
  /** Most messages one claim leases (per endpoint). */
  readonly claimBatchSize: number;
  /** Most settlements one group commit writes. */
  readonly commitBatchSize: number;
  /** Wait this long to gather more settlements before committing (0: next tick). */
  readonly commitDelayMs: number;
  /** Lease length; renewed every third of it while the handler runs. */
  readonly leaseMs: number;
  /** Look for work this often when no wake-up arrives (other processes on SQLite, scheduled retries). */
  readonly pollIntervalMs: number;
  /** Graceful shutdown waits this long for running handlers. */
  readonly shutdownTimeoutMs: number;
  /** Expired leases are swept this often. */
  readonly sweepIntervalMs: number;
  /** Parked messages are re-checked against the xref table this often. */
  readonly parkedRecheckMs: number;
  /** Delivered messages, discarded dead letters and inbox entries are kept this many days (0: forever). */
  readonly retentionDays: number;
  /** Largest payload accepted (bytes of JSON). */
  readonly maxPayloadBytes: number;
}

/** Defaults for {@link EngineSettings}. */
export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  claimBatchSize: 200,
  commitBatchSize: 1000,
  commitDelayMs: 0,
  leaseMs: 60_000,
  pollIntervalMs: 1_000,
  shutdownTimeoutMs: 10_000,
  sweepIntervalMs: 5_000,
  parkedRecheckMs: 30_000,
  retentionDays: 30,
  maxPayloadBytes: 1_048_576,
};

/** Defaults for {@link RetrySettings}. */
export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maxAttempts: 10,
  baseDelayMs: 1_000,
  maxDelayMs: 300_000,
  unknownErrorMaxAttempts: 5,
  inDoubtMaxAttempts: 5,
};

/** Defaults for {@link BreakerSettings}. */
export const DEFAULT_BREAKER_SETTINGS: BreakerSettings = { failureThreshold: 5, openMs: 30_000 };

/** Defaults for {@link EndpointSettings}. */
export const DEFAULT_ENDPOINT_SETTINGS: EndpointSettings = {
  concurrency: 8,
  prefetch: null,
  rateLimit: null,
  breaker: DEFAULT_BREAKER_SETTINGS,
  retry: DEFAULT_RETRY_SETTINGS,
  handlerTimeoutMs: 120_000,
};

/** Partial endpoint settings as written in configuration. */
export interface EndpointSettingsInput {
  readonly concurrency?: number;
  readonly prefetch?: number | null;
  readonly rateLimit?: RateLimitSettings | null;
  readonly breaker?: Partial<BreakerSettings> | null;
  readonly retry?: Partial<RetrySettings>;
  readonly handlerTimeoutMs?: number;
}

/**
 * Settings of one endpoint: built-in defaults ← the `default` entry ← the endpoint's own entry.
 */
export function resolveEndpointSettings(name: string, configured: Readonly<Record<string, EndpointSettingsInput>> = {}): EndpointSettings {
  const layers = [configured.default, name === 'default' ? undefined : configured[name]].filter((l): l is EndpointSettingsInput => l !== undefined);
  let out: EndpointSettings = DEFAULT_ENDPOINT_SETTINGS;
  for (const l of layers) {
    out = {
      concurrency: l.concurrency ?? out.concurrency,
      prefetch: l.prefetch === undefined ? out.prefetch : l.prefetch,
      rateLimit: l.rateLimit === undefined ? out.rateLimit : l.rateLimit,
      breaker: l.breaker === undefined ? out.breaker : l.breaker === null ? null : { ...(out.breaker ?? DEFAULT_BREAKER_SETTINGS), ...l.breaker },
      retry: { ...out.retry, ...l.retry },
      handlerTimeoutMs: l.handlerTimeoutMs ?? out.handlerTimeoutMs,
    };
  }
  return out;
}
