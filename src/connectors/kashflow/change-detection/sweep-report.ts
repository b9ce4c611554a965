import { isKfaxError } from '../../../errors/kfax-error.js';

/** Which sweep ran. */
export type SweepKind = 'hot' | 'full' | 'customers' | 'suppliers';

/** What the sweep looked at. */
export type SweepEntity = 'invoice' | 'purchase' | 'customer' | 'supplier';

/** One problem met during a sweep (the sweep may have finished the rest). */
export interface SweepError {
  readonly code: string;
  readonly message: string;
  /** The document or customer concerned, when there is one (`invoice 1042`). */
  readonly ref?: string;
  /** KashFlow asked to wait this long (throttling). */
  readonly retryAfterMs?: number;
}

/**
 * What one sweep did, for metrics and logs. `requests` is the KashFlow requests the sweep sent
 * (logins and retries included): the delta of the connection's request counter, exact when the
 * poller has its own connection.
 */
export interface SweepReport {
  readonly kind: SweepKind;
  readonly entity: SweepEntity;
  /** ISO time the sweep started. */
  readonly started: string;
  readonly durationMs: number;
  readonly requests: number;
  /** Distinct rows read from the lists (and detail reads of rows the lists did not show). */
  readonly listed: number;
  /** New or changed documents/customers. */
  readonly changed: number;
  /** Events stored as new messages. */
  readonly ingested: number;
  /** Events the store already had (same inbox key or same message identity). */
  readonly duplicates: number;
  /** Detail reads (`GET /invoices/{n}`). */
  readonly details: number;
  /** Documents missing from the last `missingSweepsBeforeReport` full sweeps and not found by number: reported, never deleted. */
  readonly possiblyDeleted: readonly number[];
  readonly errors: readonly SweepError[];
  /** True when the sweep stopped early (error, abort); what it committed before stays committed. */
  readonly incomplete: boolean;
  /** An error that needs a person (locked account, refused login): the runner stopped. */
  readonly alert?: SweepError;
}

/** Mutable counters while a sweep runs. */
export class SweepTally {
  listed = 0;
  changed = 0;
  ingested = 0;
  duplicates = 0;
  details = 0;
  incomplete = false;
  readonly possiblyDeleted: number[] = [];
  readonly errors: SweepError[] = [];
  private readonly startedMs: number;
  private readonly requestsAtStart: number;

  /** Times are wall-clock (the sweep's real duration), whatever clock decides "today". */
  constructor(
    readonly kind: SweepKind,
    readonly entity: SweepEntity,
    private readonly requestCount: () => number,
  ) {
    this.startedMs = Date.now();
    this.requestsAtStart = requestCount();
  }

  /** Records a problem; returns it. */
  error(err: unknown, ref?: string): SweepError {
    const e = toSweepError(err, ref);
    this.errors.push(e);
    return e;
  }

  /** Counts the results of one store write. */
  stored(results: readonly { duplicate: boolean }[]): void {
    for (const r of results) {
      if (r.duplicate) this.duplicates++;
      else this.ingested++;
    }
  }

  report(alert?: SweepError): SweepReport {
    return {
      kind: this.kind,
      entity: this.entity,
      started: new Date(this.startedMs).toISOString(),
      durationMs: Math.max(0, Date.now() - this.startedMs),
      requests: this.requestCount() - this.requestsAtStart,
      listed: this.listed,
      changed: this.changed,
      ingested: this.ingested,
      duplicates: this.duplicates,
      details: this.details,
      possiblyDeleted: [...this.possiblyDeleted].sort((a, b) => a - b),
      errors: [...this.errors],
      incomplete: this.incomplete,
      ...(alert ? { alert } : {}),
    };
  }
}

/** A sweep error from anything thrown. */
export function toSweepError(err: unknown, ref?: string): SweepError {
  const code = isKfaxError(err) ? err.code : 'KFAX_INTERNAL';
  const message = err instanceof Error ? err.message : String(err);
  const retryAfterMs = isKfaxError(err) ? err.retryAfterMs : undefined;
  return { code, message, ...(ref === undefined ? {} : { ref }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}
