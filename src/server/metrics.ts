/**
 * Prometheus metrics of one kfax process: HTTP requests, webhook outcomes, engine state
 * (collected on scrape from `engine.stats()`), per-endpoint limits and breakers, poller sweeps
 * (reported through {@link ServerMetrics.recordSweep}) and the process itself. Each instance
 * has its own registry, so several servers in one process (tests) never collide.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineStats } from '../engine/engine.js';
import { MESSAGE_STATES } from '../store/types.js';

/** What a poller reports after one sweep (the pollers call {@link ServerMetrics.recordSweep}). */
export interface SweepReport {
  /** Poller name, e.g. `kashflow-invoices`. */
  readonly poller: string;
  /** Sweep kind, e.g. `hot` or `full` (default `sweep`). */
  readonly kind?: string;
  readonly durationMs: number;
  /** Requests sent to the source system during the sweep. */
  readonly requests: number;
  /** Changes found (events ingested). */
  readonly changed: number;
  /** Records listed (summaries compared). */
  readonly listed?: number;
  /** False when the sweep stopped on an error. */
  readonly ok?: boolean;
}

/** Outcome of one webhook delivery. */
export type WebhookOutcome = 'accepted' | 'duplicate' | 'ignored' | 'rejected';

/** Something that reports engine stats (the engine). */
export interface StatsSource {
  stats(): Promise<EngineStats>;
}

const BREAKER_STATES = ['closed', 'open', 'half_open', 'disabled'] as const;
/** Engine stats are read at most this often, however often the endpoint is scraped. */
const STATS_CACHE_MS = 1_000;

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  private readonly httpDuration: Histogram<'route' | 'method' | 'status'>;
  private readonly webhooks: Counter<'source' | 'outcome' | 'reason'>;
  private readonly sweeps: Counter<'poller' | 'kind' | 'result'>;
  private readonly sweepDuration: Histogram<'poller' | 'kind'>;
  private readonly sweepRequests: Counter<'poller' | 'kind'>;
  private readonly sweepChanges: Counter<'poller' | 'kind'>;
  private readonly sweepListed: Counter<'poller' | 'kind'>;
  private readonly lastSweep: Gauge<'poller' | 'kind'>;
  private engine: StatsSource | null = null;
  private cached: { at: number; stats: Promise<EngineStats | null> } | null = null;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.httpRequests = new Counter({ name: 'kfax_http_requests_total', help: 'HTTP requests answered, by route template, method and status', labelNames: ['route', 'method', 'status'], registers });
    this.httpDuration = new Histogram({
      name: 'kfax_http_request_duration_seconds',
      help: 'Time to answer HTTP requests (webhooks: until the event is durable)',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.webhooks = new Counter({ name: 'kfax_webhook_events_total', help: 'Webhook deliveries by source, outcome (accepted, duplicate, ignored, rejected) and reason', labelNames: ['source', 'outcome', 'reason'], registers });
    this.sweeps = new Counter({ name: 'kfax_poller_sweeps_total', help: 'Poller sweeps by poller, kind and result (ok, failed)', labelNames: ['poller', 'kind', 'result'], registers });
    this.sweepDuration = new Histogram({ name: 'kfax_poller_sweep_duration_seconds', help: 'Duration of poller sweeps', labelNames: ['poller', 'kind'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers });
    this.sweepRequests = new Counter({ name: 'kfax_poller_requests_total', help: 'Requests sent to the source system by poller sweeps', labelNames: ['poller', 'kind'], registers });
    this.sweepChanges = new Counter({ name: 'kfax_poller_changes_total', help: 'Changes found by poller sweeps', labelNames: ['poller', 'kind'], registers });
    this.sweepListed = new Counter({ name: 'kfax_poller_listed_total', help: 'Records listed (summaries compared) by poller sweeps', labelNames: ['poller', 'kind'], registers });
    this.lastSweep = new Gauge({ name: 'kfax_poller_last_sweep_timestamp_seconds', help: 'End of the last sweep (unix seconds)', labelNames: ['poller', 'kind'], registers });
    this.engineGauges(registers);
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** Makes the engine gauges read this engine's stats on scrape. */
  bindEngine(engine: StatsSource): void {
    this.engine = engine;
    this.cached = null;
  }

  /** Counts one answered HTTP request. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    const labels = { route, method, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  /** Counts one webhook delivery; `reason` is a short fixed word (never sender-controlled text). */
  webhook(source: string, outcome: WebhookOutcome, reason = ''): void {
    this.webhooks.inc({ source, outcome, reason });
  }

  /** Records one poller sweep. */
  recordSweep(report: SweepReport): void {
    const labels = { poller: report.poller, kind: report.kind ?? 'sweep' };
    this.sweeps.inc({ ...labels, result: report.ok === false ? 'failed' : 'ok' });
    this.sweepDuration.observe(labels, Math.max(0, report.durationMs) / 1000);
    this.sweepRequests.inc(labels, Math.max(0, report.requests));
    this.sweepChanges.inc(labels, Math.max(0, report.changed));
    if (report.listed !== undefined) this.sweepListed.inc(labels, Math.max(0, report.listed));
    this.lastSweep.set(labels, Date.now() / 1000);
  }

  /** The exposition text. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Content type of {@link text}. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Engine stats for this scrape (shared by every gauge; null when the store cannot be read). */
  private stats(): Promise<EngineStats | null> {
    const engine = this.engine;
    if (!engine) return Promise.resolve(null);
    const now = Date.now();
    if (!this.cached || now - this.cached.at > STATS_CACHE_MS) {
      this.cached = { at: now, stats: engine.stats().catch(() => null) };
    }
    return this.cached.stats;
  }

  private engineGauges(registers: Registry[]): void {
    const read = (): Promise<EngineStats | null> => this.stats();
    const bound = (): boolean => this.engine !== null;
    new Gauge({
      name: 'kfax_store_up',
      help: '1 when the engine stats could be read from the store at the last scrape',
      registers,
      async collect() {
        if (bound()) this.set((await read()) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'kfax_messages',
      help: 'Messages in the store by state',
      labelNames: ['state'],
      registers,
      async collect() {
        const s = await read();
        this.reset();
        if (!s) return;
        for (const state of MESSAGE_STATES) this.set({ state }, s.store.counts[state] ?? 0);
      },
    });
    new Gauge({
      name: 'kfax_messages_oldest_ready_age_seconds',
      help: 'Age of the oldest message that is claimable now (0 when none is)',
      registers,
      async collect() {
        const s = await read();
        this.reset();
        if (s) this.set((s.store.oldestReadyAgeMs ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'kfax_dead_letters_open',
      help: 'Dead letters not yet retried or discarded',
      registers,
      async collect() {
        const s = await read();
        this.reset();
        if (s) this.set(s.store.deadOpen);
      },
    });
    new Gauge({
      name: 'kfax_endpoint_breaker_state',
      help: 'Circuit breaker state per endpoint in this process (1 for the current state)',
      labelNames: ['endpoint', 'state'],
      registers,
      async collect() {
        const s = await read();
        this.reset();
        for (const e of s?.endpoints ?? []) for (const state of BREAKER_STATES) this.set({ endpoint: e.endpoint, state }, e.breaker === state ? 1 : 0);
      },
    });
    const perEndpoint: readonly { name: string; help: string; value: (e: EngineStats['endpoints'][number]) => number }[] = [
      { name: 'kfax_endpoint_in_flight', help: 'Handlers running per endpoint in this process', value: (e) => e.inFlight },
      { name: 'kfax_endpoint_prefetched', help: 'Messages claimed ahead of free slots and waiting per endpoint in this process (prefetch)', value: (e) => e.prefetched },
      { name: 'kfax_endpoint_concurrency', help: 'Configured concurrency limit per endpoint (per process)', value: (e) => e.concurrency },
      { name: 'kfax_endpoint_paused', help: '1 while an endpoint is paused after a throttled answer (Retry-After)', value: (e) => (e.pausedUntil === null ? 0 : 1) },
    ];
    for (const g of perEndpoint) {
      new Gauge({
        name: g.name,
        help: g.help,
        labelNames: ['endpoint'],
        registers,
        async collect() {
          const s = await read();
          this.reset();
          for (const e of s?.endpoints ?? []) this.set({ endpoint: e.endpoint }, g.value(e));
        },
      });
    }
  }
}
