/**
 * Observability hooks for the HTTP server and metrics: transitions (in batches, as committed),
 * breaker changes and problems the engine recovered from. Listeners run synchronously after
 * the commit; keep them cheap.
 */
import { EventEmitter } from 'node:events';
import type { ErrorRecord, MessageState } from '../store/types.js';
import type { BreakerState } from './circuit-breaker.js';

/** One committed transition. */
export interface TransitionEvent {
  readonly id: number;
  readonly endpoint: string;
  readonly from: MessageState | null;
  readonly to: MessageState;
  readonly attempt: number;
  readonly at: number;
  readonly type?: string;
  readonly error?: ErrorRecord;
}

/** A breaker state change of one endpoint. */
export interface BreakerEvent {
  readonly endpoint: string;
  readonly from: BreakerState;
  readonly to: BreakerState;
  readonly at: number;
}

/** Something went wrong and the engine will retry (store unavailable, a lost lease…). */
export interface ProblemEvent {
  readonly message: string;
  readonly error?: unknown;
}

/** The events and their payloads. */
export interface EngineEventMap {
  transitions: [events: readonly TransitionEvent[]];
  breaker: [event: BreakerEvent];
  problem: [event: ProblemEvent];
}

/** A typed event emitter for {@link EngineEventMap}. */
export class EngineEvents {
  private readonly emitter = new EventEmitter();

  on<K extends keyof EngineEventMap>(event: K, listener: (...args: EngineEventMap[K]) => void): this {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof EngineEventMap>(event: K, listener: (...args: EngineEventMap[K]) => void): this {
    this.emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /** True when someone listens (so callers can skip building payloads). */
  has(event: keyof EngineEventMap): boolean {
    return this.emitter.listenerCount(event) > 0;
  }

  emit<K extends keyof EngineEventMap>(event: K, ...args: EngineEventMap[K]): void {
    if (this.emitter.listenerCount(event) === 0) return;
    try {
      this.emitter.emit(event, ...args);
    } catch {
      // a failing listener must not break the engine
    }
  }
}
