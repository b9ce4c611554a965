import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultKind } from '../../faults/injector.js';
import { FAULT_DECISION } from '../../http.js';
import { SERVICES_NS } from '../namespaces.js';

/** Counters of one AIF operation (`<ExternalName>/<operation>`). */
export interface AxOperationStats {
  calls: number;
  isWrite: boolean;
  /** Σ of the time each call occupied the AOS: request received → answer sent (or connection closed), ms. */
  busyMs: number;
  /** Σ of the latency the fault profile injected, ms (part of `busyMs`). */
  injectedLatencyMs: number;
  maxMs: number;
  /** Calls answered with each HTTP status (`dropped` when the connection was closed without an answer). */
  status: Record<string, number>;
  /** Injected faults by kind. */
  faults: Partial<Record<Exclude<FaultKind, 'delay'>, number>>;
}

/** What `GET /_sandbox/ax/stats` answers. */
export interface AxCallStatsView {
  /** When the counters were last reset (ISO). */
  since: string;
  /** AIF calls that reached the AOS (authenticated, routed, CallContext read: the calls the fault profile applies to). */
  calls: number;
  busyMs: number;
  injectedLatencyMs: number;
  /** Requests on the AIF path still being answered, and the most at once since the reset (any request on the path, 401 handshakes included). */
  inFlight: number;
  maxInFlight: number;
  /** Wall-clock (epoch ms) start of the first and end of the last counted call; null before the first. */
  firstStartMs: number | null;
  lastEndMs: number | null;
  /** Requests on the AIF path refused before they reached the AOS (401, 404, 415, unknown action, …). */
  refused: number;
  byOperation: Record<string, AxOperationStats>;
}

type Tracked = FastifyRequest & { [FAULT_DECISION]?: { latencyMs: number; fault?: { kind: Exclude<FaultKind, 'delay'> } } };

/**
 * Per-operation counters of the AIF calls the AX sandbox served: how many, how long each
 * occupied the AOS (request received → answer sent), how much of that was injected latency,
 * and how many ran at once. A benchmark reads them to know how busy AX was kept.
 */
export class AxCallStats {
  private byOperation = new Map<string, AxOperationStats>();
  private sinceMs = Date.now();
  private calls = 0;
  private busyMs = 0;
  private injectedMs = 0;
  private inFlight = 0;
  private maxInFlight = 0;
  private firstStartMs: number | null = null;
  private lastEndMs: number | null = null;
  private refused = 0;

  /** Follows one request on the AIF path until its answer is sent or its connection closes. */
  track(request: FastifyRequest, reply: FastifyReply): void {
    const started = performance.now();
    const startedWall = Date.now();
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    const generation = this.sinceMs;
    reply.raw.once('close', () => {
      this.inFlight--;
      const decision = (request as Tracked)[FAULT_DECISION];
      if (!decision) {
        if (generation === this.sinceMs) this.refused++;
        return;
      }
      const op = operationOf(request.headers.soapaction);
      const status = reply.raw.writableFinished ? String(reply.raw.statusCode) : 'dropped';
      this.record(op, performance.now() - started, startedWall, decision.latencyMs, status, decision.fault?.kind, generation);
    });
  }

  /** Adds one call (exported for tests of the arithmetic). */
  record(operation: string, elapsedMs: number, startedWallMs: number, injectedMs: number, status: string, fault: Exclude<FaultKind, 'delay'> | undefined, generation = this.sinceMs): void {
    if (generation !== this.sinceMs) return; // started before a reset
    let s = this.byOperation.get(operation);
    if (!s) {
      s = { calls: 0, isWrite: /\/(create|update|delete)$/i.test(operation), busyMs: 0, injectedLatencyMs: 0, maxMs: 0, status: {}, faults: {} };
      this.byOperation.set(operation, s);
    }
    s.calls++;
    s.busyMs += elapsedMs;
    s.injectedLatencyMs += injectedMs;
    if (elapsedMs > s.maxMs) s.maxMs = elapsedMs;
    s.status[status] = (s.status[status] ?? 0) + 1;
    if (fault) s.faults[fault] = (s.faults[fault] ?? 0) + 1;
    this.calls++;
    this.busyMs += elapsedMs;
    this.injectedMs += injectedMs;
    if (this.firstStartMs === null || startedWallMs < this.firstStartMs) this.firstStartMs = startedWallMs;
    const end = startedWallMs + elapsedMs;
    if (this.lastEndMs === null || end > this.lastEndMs) this.lastEndMs = end;
  }

  /** Starts counting afresh (calls in flight at the reset are not counted, but still occupy `inFlight`). */
  reset(): void {
    this.byOperation = new Map();
    this.sinceMs = Math.max(Date.now(), this.sinceMs + 1);
    this.calls = 0;
    this.busyMs = 0;
    this.injectedMs = 0;
    this.maxInFlight = this.inFlight;
    this.firstStartMs = null;
    this.lastEndMs = null;
    this.refused = 0;
  }

  view(): AxCallStatsView {
    const round = (n: number): number => Math.round(n * 10) / 10;
    return {
      since: new Date(this.sinceMs).toISOString(),
      calls: this.calls,
      busyMs: round(this.busyMs),
      injectedLatencyMs: this.injectedMs,
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      firstStartMs: this.firstStartMs,
      lastEndMs: this.lastEndMs === null ? null : Math.round(this.lastEndMs),
      refused: this.refused,
      byOperation: Object.fromEntries([...this.byOperation].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v, busyMs: round(v.busyMs), maxMs: round(v.maxMs) }])),
    };
  }
}

/** `<ExternalName>/<operation>` from a SOAPAction header. */
function operationOf(header: string | string[] | undefined): string {
  const action = String(Array.isArray(header) ? header[0] : (header ?? ''))
    .trim()
    .replace(/^"(.*)"$/, '$1');
  return action.startsWith(`${SERVICES_NS}/`) ? action.slice(SERVICES_NS.length + 1) : action;
}
