import type { AxConfig } from '../../../config/sections/ax.js';

/** `ax.batch` settings (see src/config/sections/ax.ts). */
export type AxBatchSettings = AxConfig['batch'];

/** Defaults of `ax.batch`, for code that builds a writer without a config file. */
export const DEFAULT_BATCH_SETTINGS: AxBatchSettings = { enabled: true, maxDocuments: 20, timeoutsToSwitch: 3, healthyCallsToSwitchBack: 20, lingerMs: 25 };

/** How a service's documents are sent. */
export type WriteMode = 'single' | 'batch';

/** What one AIF create call showed about the endpoint. */
export type CallHealth = 'healthy' | 'timeout' | 'other';

/** Counters of one service, for metrics (`AxDocumentWriter.stats()`). */
export interface ServiceWriteStats {
  readonly service: string;
  readonly mode: WriteMode;
  /** Timeouts/lost connections since the last healthy answer. */
  readonly consecutiveTimeouts: number;
  /** Healthy answers in a row while in batch mode. */
  readonly healthyStreak: number;
  readonly switchesToBatch: number;
  readonly switchesToSingle: number;
  /** AIF create calls sent (single documents and batches, including re-sends and splits). */
  readonly calls: number;
  /** Calls that carried more than one document. */
  readonly batchCalls: number;
  /** Documents carried by batch calls. */
  readonly batchedDocuments: number;
  /** Batches split after a validation fault to isolate the bad document(s). */
  readonly splits: number;
  /** Envelopes whose outcome was unknown (timeout, dropped connection). */
  readonly inDoubtCalls: number;
  /** Envelopes sent again under the same MessageId after an unknown outcome. */
  readonly resentCalls: number;
  /** Documents resolved by natural-key look-up instead of being created. */
  readonly foundByLookup: number;
  readonly created: number;
  readonly failed: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Mode switching of one service. Single → batch after `timeoutsToSwitch` consecutive timeouts;
 * batch → single after `healthyCallsToSwitchBack` consecutive healthy calls (AX answered in
 * time, with data or an AifFault). Throttling and 5xx pages neither count as timeouts nor as
 * healthy: in batch mode they interrupt the healthy streak.
 */
export class ServiceHealth {
  readonly stats: Mutable<ServiceWriteStats>;
  /** Envelopes of this service on their way to AX now. */
  inFlight = 0;

  constructor(
    service: string,
    private readonly settings: AxBatchSettings,
    private readonly onSwitch: (mode: WriteMode, reason: string) => void,
  ) {
    this.stats = { service, mode: 'single', consecutiveTimeouts: 0, healthyStreak: 0, switchesToBatch: 0, switchesToSingle: 0, calls: 0, batchCalls: 0, batchedDocuments: 0, splits: 0, inDoubtCalls: 0, resentCalls: 0, foundByLookup: 0, created: 0, failed: 0 };
  }

  get mode(): WriteMode {
    return this.stats.mode;
  }

  /** Sets the mode by hand (operator or test); counters restart. */
  force(mode: WriteMode, reason: string): void {
    const s = this.stats;
    s.consecutiveTimeouts = 0;
    s.healthyStreak = 0;
    if (s.mode === mode) return;
    s.mode = mode;
    if (mode === 'batch') s.switchesToBatch++;
    else s.switchesToSingle++;
    this.onSwitch(mode, reason);
  }

  /** Records the result of one call and switches the mode when a threshold is reached. */
  record(health: CallHealth): void {
    const s = this.stats;
    if (health === 'timeout') {
      s.consecutiveTimeouts++;
      s.healthyStreak = 0;
      if (s.mode === 'single' && this.settings.enabled && s.consecutiveTimeouts >= this.settings.timeoutsToSwitch) {
        s.mode = 'batch';
        s.switchesToBatch++;
        this.onSwitch('batch', `${s.consecutiveTimeouts} consecutive timeouts`);
      }
      return;
    }
    if (health === 'other') {
      s.healthyStreak = 0;
      return;
    }
    s.consecutiveTimeouts = 0;
    if (s.mode !== 'batch') return;
    s.healthyStreak++;
    if (s.healthyStreak >= this.settings.healthyCallsToSwitchBack) {
      s.mode = 'single';
      s.healthyStreak = 0;
      s.switchesToSingle++;
      this.onSwitch('single', `${this.settings.healthyCallsToSwitchBack} healthy calls in a row`);
    }
  }
}
