/**
 * One handler call of the executor, and the {@link Delivery} it is given, as two plain class
 * instances: no closure, timer or promise per message beyond the one promise that ends the run.
 * These objects live as long as the handler awaits I/O, so every field here survives scavenges.
 */
import { KfaxError } from '../errors/kfax-error.js';
import type { ClaimedMessage } from '../store/types.js';
import type { DeadlineEntry, DeadlineList } from './deadline-queue.js';
import type { Delivery, Handler } from './handler.js';
import { PlainStopSignal, type StopSignal } from '../util/stop-signal.js';

/** How a run ended: the handler returned or threw, or the run was stopped (timeout, shutdown). */
export type RunEnd = 'running' | 'returned' | 'threw' | 'stopped';

/**
 * A running handler: ends when the handler settles or when it is stopped, whichever comes first,
 * and aborts the delivery's signal when stopped. A {@link DeadlineEntry} (its timeout) and an
 * interruptible (shutdown).
 */
export class MessageRun implements DeadlineEntry {
  deadlineAt = 0;
  deadlinePrev: DeadlineEntry | undefined = undefined;
  deadlineNext: DeadlineEntry | undefined = undefined;
  deadlineList: DeadlineList | undefined = undefined;
  /** How the run ended (`running` until it has). */
  end: RunEnd = 'running';
  /** The handler's result, what it threw, or the stop reason, by {@link end}. */
  value: unknown = undefined;
  private stopReason: KfaxError | undefined = undefined;
  private controller: AbortController | undefined = undefined;
  private stops: PlainStopSignal | undefined = undefined;
  private resolveEnded: (() => void) | undefined = undefined;

  constructor(
    private readonly type: string,
    private readonly timeoutMs: number,
    private readonly workerId: string,
  ) {}

  /**
   * Calls the handler (in a microtask, so a synchronous throw is a rejection like any other) and
   * returns a promise that resolves when the run ends.
   */
  start(def: { readonly handle: Handler }, delivery: Delivery): Promise<void> {
    const ended = new Promise<void>((resolve) => {
      if (this.end === 'running') this.resolveEnded = resolve;
      else resolve();
    });
    void this.call(def, delivery);
    return ended;
  }

  /**
   * The signal aborted when the run is stopped. Created on first use: most handlers never look,
   * and a controller per message is not free.
   */
  signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.stopReason) this.controller.abort(this.stopReason);
    }
    return this.controller.signal;
  }

  /**
   * The same stop as {@link signal}, without an `AbortController`: for code that only waits on it
   * (the AX writer's batch wait). Created on first use.
   */
  stopSignal(): StopSignal {
    if (!this.stops) {
      this.stops = new PlainStopSignal();
      if (this.stopReason) this.stops.fire(this.stopReason);
    }
    return this.stops;
  }

  /** The handler timeout passed. */
  expire(): void {
    this.stop(new KfaxError('KFAX_HANDLER_TIMEOUT', [this.type, this.timeoutMs]));
  }

  /** The worker shuts down. */
  interrupt(): void {
    this.stop(new KfaxError('KFAX_SHUTDOWN_INTERRUPTED', [this.workerId]));
  }

  private stop(reason: KfaxError): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.controller?.abort(reason);
    this.stops?.fire(reason);
    this.finish('stopped', reason);
  }

  private finish(end: RunEnd, value: unknown): void {
    if (this.end !== 'running') return; // a stopped run's handler may still settle; it is ignored
    this.end = end;
    this.value = value;
    const resolve = this.resolveEnded;
    this.resolveEnded = undefined;
    resolve?.();
  }

  private async call(def: { readonly handle: Handler }, delivery: Delivery): Promise<void> {
    try {
      await Promise.resolve();
      this.finish('returned', await def.handle(delivery));
    } catch (err) {
      this.finish('threw', err);
    }
  }
}

/** What a handler is given: the message's fields, its run's signal, and xref look-ups. */
export class MessageDelivery implements Delivery {
  readonly id: number;
  readonly type: string;
  readonly endpoint: string;
  readonly payload: unknown;
  readonly attempt: number;
  readonly idempotencyKey: string;
  readonly resend: boolean;
  readonly aggregateKey: string | null;
  /** An own property (not a method), so a handler may take it off the delivery and call it. */
  readonly lookupXref: Delivery['lookupXref'];
  readonly #run: MessageRun;

  constructor(msg: ClaimedMessage, payload: unknown, run: MessageRun, lookupXref: Delivery['lookupXref']) {
    this.id = msg.id;
    this.type = msg.type;
    this.endpoint = msg.endpoint;
    this.payload = payload;
    this.attempt = msg.attempt;
    this.idempotencyKey = msg.idempotencyKey;
    this.resend = msg.resend;
    this.aggregateKey = msg.aggregateKey;
    this.lookupXref = lookupXref;
    this.#run = run;
  }

  get signal(): AbortSignal {
    return this.#run.signal();
  }

  get stopSignal(): StopSignal {
    return this.#run.stopSignal();
  }
}
