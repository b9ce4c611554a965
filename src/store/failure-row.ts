import type { ErrorRecord, MessageState, Settlement } from './types.js';

/** What one failure settlement writes. */
export interface FailureRow {
  state: MessageState;
  runAt: number | null;
  parkedOn: string | null;
  holdKey: string | null;
  error: ErrorRecord;
  resend: boolean;
  refund: number;
}

/** Resolves a failure settlement to the row it writes (parking checks whether the xref already exists). */
export function failureRow(s: Exclude<Settlement, { kind: 'delivered' | 'returned' }>, dependencyPresent: (key: string) => boolean): FailureRow {
  switch (s.kind) {
    case 'retry_wait':
      return { state: 'retry_wait', runAt: s.runAt, parkedOn: null, holdKey: null, error: s.error, resend: false, refund: s.throttled ? 1 : 0 };
    case 'in_doubt':
      return { state: 'in_doubt', runAt: s.runAt, parkedOn: null, holdKey: null, error: s.error, resend: true, refund: 0 };
    case 'parked':
      if (!dependencyPresent(s.parkedOn)) return { state: 'parked', runAt: null, parkedOn: s.parkedOn, holdKey: null, error: s.error, resend: false, refund: 0 };
      // The handler asked for a dependency that exists: a stale read; retry (bounded by the budget).
      return s.fallbackRunAt === null
        ? { state: 'dead', runAt: null, parkedOn: null, holdKey: null, error: s.error, resend: false, refund: 0 }
        : { state: 'retry_wait', runAt: s.fallbackRunAt, parkedOn: null, holdKey: null, error: s.error, resend: false, refund: 0 };
    case 'held':
      return { state: 'held', runAt: null, parkedOn: null, holdKey: s.holdKey, error: s.error, resend: false, refund: 0 };
    case 'dead':
      return { state: 'dead', runAt: null, parkedOn: null, holdKey: null, error: s.error, resend: false, refund: 0 };
  }
}

