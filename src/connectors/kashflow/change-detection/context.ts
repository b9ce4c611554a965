import type { Clock } from '../../../engine/clock.js';
import type { Engine } from '../../../engine/engine.js';
import { isKfaxError } from '../../../errors/kfax-error.js';
import type { KashflowConnection } from '../client/connector.js';
import type { PollerSettings } from './settings.js';

/**
 * What every sweep works with. Give the poller a connection of its own when the request
 * counts in the reports must be exact (the counter is per connection).
 */
export interface ChangeDetectionContext {
  readonly connection: Pick<KashflowConnection, 'rest' | 'soap' | 'requestCount'>;
  readonly engine: Pick<Engine, 'ingestMany' | 'store'>;
  readonly settings: PollerSettings;
  /** Decides "today" for the hot window and the times in reports (default: the wall clock). */
  readonly clock?: Clock;
}

/** Errors that need a person: retrying would only make a KashFlow lock-out worse. */
const NEEDS_OPERATOR = new Set(['KFAX_KASHFLOW_ACCOUNT_LOCKED', 'KFAX_KASHFLOW_LOGIN_FAILED']);

/** True when the poller must stop and alert instead of trying again next interval. */
export function needsOperator(err: unknown): boolean {
  return isKfaxError(err) && NEEDS_OPERATOR.has(err.code);
}

/**
 * Errors about one document (it vanished between list and detail, its JSON is unreadable):
 * the sweep notes them and goes on. Anything else (throttling, outages, login) stops the
 * sweep; what it committed stays committed and the next sweep continues.
 */
export function isPerRecordError(err: unknown): boolean {
  return isKfaxError(err) && (err.code === 'KFAX_KASHFLOW_NOT_FOUND' || err.code === 'KFAX_INPUT_INVALID');
}
