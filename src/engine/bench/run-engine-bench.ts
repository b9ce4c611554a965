/**
 * `kfax bench engine`: the engine workloads of `reference/performance-anchors.md` §5 on both
 * backends, with graphile-worker 0.17 (tuned) on the same PostgreSQL database for W1.
 *
 * - W1 burn-down of no-op messages (median of the repetitions; kfax and graphile interleaved)
 * - W2 open-loop single-event ingest at 500 events/s, latency from the scheduled send time
 * - W4 crash: a worker process killed with SIGKILL mid-batch, then restarted
 * - memory: RSS while many messages flow through (SQLite)
 */
import { runBurndown } from './burndown.js';
import { runCrashWorkload, type CrashResult } from './crash.js';
import { benchEnvironment, type BenchEnvironment } from './environment.js';
import { graphileAvailable, runGraphileBurndown } from './graphile.js';
import { runIngestLatency, type IngestResult } from './ingest-latency.js';
import { runMemory, type MemoryResult } from './memory.js';
import { median } from './percentiles.js';
import { postgresTarget, sqliteTarget, type BenchTarget } from './targets.js';

/** Options of a benchmark run. */
export interface EngineBenchOptions {
  /** Small sizes that finish in under a minute. */
  readonly quick: boolean;
  /** PostgreSQL server for the postgres rows and graphile-worker; null skips them. */
  readonly pgUrl: string | null;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** Sizes of each workload. */
export interface BenchSizes {
  readonly burndownMessages: number;
  readonly burndownRepetitions: number;
  readonly ingestRatePerSec: number;
  readonly ingestWarmupSeconds: number;
  readonly ingestSeconds: number;
  readonly crashMessages: number;
  readonly memoryMessages: number;
}

/** Quick and full sizes. */
export function benchSizes(quick: boolean): BenchSizes {
  return quick
    ? { burndownMessages: 20_000, burndownRepetitions: 1, ingestRatePerSec: 500, ingestWarmupSeconds: 1, ingestSeconds: 4, crashMessages: 1_000, memoryMessages: 60_000 }
    : { burndownMessages: 100_000, burndownRepetitions: 3, ingestRatePerSec: 500, ingestWarmupSeconds: 5, ingestSeconds: 30, crashMessages: 5_000, memoryMessages: 1_000_000 };
}

/** Per-backend results. */
export interface BackendReport {
  readonly burndown_msgs_per_s: number;
  readonly burndown_runs: readonly number[];
  readonly ingest_p50_ms: number;
  readonly ingest_p95_ms: number;
  readonly ingest_p99_ms: number;
  readonly ingest_max_ms: number;
  readonly ingest_achieved_per_s: number;
  readonly ingest_start_p99_ms: number;
}

/** The whole report; `--json` prints it as the last stdout line. */
export interface EngineBenchReport {
  readonly sqlite: BackendReport;
  readonly postgres: BackendReport | null;
  readonly graphile_worker: { readonly burndown_msgs_per_s: number; readonly burndown_runs: readonly number[]; readonly version: string; readonly settings: string } | null;
  readonly ratio_postgres_vs_graphile: number | null;
  readonly crash: { readonly lost: number; readonly duplicated: number; readonly sqlite: CrashResult; readonly postgres: CrashResult | null };
  readonly rss_mb_max: number;
  readonly memory: MemoryResult;
  readonly quick: boolean;
  readonly sizes: BenchSizes;
  readonly engine_settings: string;
  readonly environment: BenchEnvironment;
  readonly seconds: number;
  readonly errors: readonly string[];
}

async function withTarget<T>(target: BenchTarget, fn: (t: BenchTarget) => Promise<T>): Promise<T> {
  try {
    return await fn(target);
  } finally {
    await target.dispose().catch(() => {});
  }
}

async function burndownOnce(target: BenchTarget, n: number): Promise<number> {
  return withTarget(target, async (t) => {
    const store = await t.open();
    try {
      return (await runBurndown(store, n)).msgsPerSec;
    } finally {
      await store.close();
    }
  });
}

async function ingestOnce(target: BenchTarget, s: BenchSizes): Promise<IngestResult> {
  return withTarget(target, async (t) => {
    const store = await t.open();
    try {
      return await runIngestLatency(store, { ratePerSec: s.ingestRatePerSec, warmupSeconds: s.ingestWarmupSeconds, seconds: s.ingestSeconds });
    } finally {
      await store.close();
    }
  });
}

function backendReport(runs: number[], ingest: IngestResult): BackendReport {
  return {
    burndown_msgs_per_s: Math.round(median(runs)),
    burndown_runs: runs,
    ingest_p50_ms: ingest.enqueueToDone.p50,
    ingest_p95_ms: ingest.enqueueToDone.p95,
    ingest_p99_ms: ingest.enqueueToDone.p99,
    ingest_max_ms: ingest.enqueueToDone.max,
    ingest_achieved_per_s: ingest.achievedPerSec,
    ingest_start_p99_ms: ingest.enqueueToStart.p99,
  };
}

/** Runs every workload and returns the report. */
export async function runEngineBench(options: EngineBenchOptions): Promise<EngineBenchReport> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const sizes = benchSizes(options.quick);
  const errors: string[] = [];
  let rssMax = 0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage.rss())), 100);
  try {
    const environment = await benchEnvironment(options.pgUrl);
    let pgUrl = options.pgUrl;
    if (pgUrl && environment.postgres_version === null) {
      errors.push(`PostgreSQL at ${pgUrl.replace(/:[^:@/]+@/, ':***@')} is not reachable: postgres rows skipped`);
      pgUrl = null;
    }
    const withGraphile = pgUrl !== null && (await graphileAvailable());
    if (pgUrl && !withGraphile) errors.push('graphile-worker is not installed (it is a development dependency): comparison skipped');
    log(`environment: ${environment.cores} cores, ${environment.cpu}, fsync ${environment.fsync_per_s}/s, load ${environment.load_average.join(' ')}`);

    // W1 burn-down
    const sqliteRuns: number[] = [];
    const pgRuns: number[] = [];
    const gwRuns: number[] = [];
    let gwVersion = '';
    for (let rep = 0; rep < sizes.burndownRepetitions; rep++) {
      sqliteRuns.push(await burndownOnce(sqliteTarget(), sizes.burndownMessages));
      log(`W1 sqlite burn-down ${sizes.burndownMessages}: ${sqliteRuns.at(-1)} msgs/s`);
      if (withGraphile) {
        const gw = await runGraphileBurndown(pgUrl!, sizes.burndownMessages);
        gwVersion = gw.version;
        gwRuns.push(gw.msgsPerSec);
        log(`W1 graphile-worker ${gw.version} burn-down ${sizes.burndownMessages}: ${gw.msgsPerSec} jobs/s`);
      }
      if (pgUrl) {
        pgRuns.push(await burndownOnce(postgresTarget(pgUrl), sizes.burndownMessages));
        log(`W1 postgres burn-down ${sizes.burndownMessages}: ${pgRuns.at(-1)} msgs/s`);
      }
    }

    // W2 open-loop ingest
    const sqliteIngest = await ingestOnce(sqliteTarget(), sizes);
    log(`W2 sqlite ingest ${sizes.ingestRatePerSec}/s: p50 ${sqliteIngest.enqueueToDone.p50} ms, p99 ${sqliteIngest.enqueueToDone.p99} ms`);
    const pgIngest = pgUrl ? await ingestOnce(postgresTarget(pgUrl), sizes) : null;
    if (pgIngest) log(`W2 postgres ingest ${sizes.ingestRatePerSec}/s: p50 ${pgIngest.enqueueToDone.p50} ms, p99 ${pgIngest.enqueueToDone.p99} ms`);

    // W4 crash
    const crashOn = (target: BenchTarget): Promise<CrashResult> =>
      withTarget(target, (t) => runCrashWorkload({ url: t.url, ...(t.schema ? { schema: t.schema } : {}) }, { messages: sizes.crashMessages, leaseMs: 1_000 }));
    const sqliteCrash = await crashOn(sqliteTarget());
    log(`W4 sqlite kill -9: lost ${sqliteCrash.lost}, duplicated ${sqliteCrash.duplicated}, in flight at kill ${sqliteCrash.inFlightAtKill}, recovered in ${sqliteCrash.recoveryMs} ms`);
    const pgCrash = pgUrl ? await crashOn(postgresTarget(pgUrl)) : null;
    if (pgCrash) log(`W4 postgres kill -9: lost ${pgCrash.lost}, duplicated ${pgCrash.duplicated}, in flight at kill ${pgCrash.inFlightAtKill}, recovered in ${pgCrash.recoveryMs} ms`);

    // memory
    const memory = await withTarget(sqliteTarget(), async (t) => {
      const store = await t.open();
      try {
        return await runMemory(store, sizes.memoryMessages);
      } finally {
        await store.close();
      }
    });
    log(`memory: ${memory.messages} messages in ${memory.seconds} s, RSS start ${memory.rssStartMb} MB, warm ${memory.rssWarmMb} MB, max ${memory.rssMaxMb} MB, end ${memory.rssEndMb} MB`);

    const postgres = pgUrl && pgIngest ? backendReport(pgRuns, pgIngest) : null;
    const graphile = withGraphile ? { burndown_msgs_per_s: Math.round(median(gwRuns)), burndown_runs: gwRuns, version: gwVersion, settings: 'concurrentJobs 24, maxPoolSize 25, localQueue.size 500, completeJobBatchDelay 0, failJobBatchDelay 0' } : null;
    rssMax = Math.max(rssMax, process.memoryUsage.rss());
    return {
      sqlite: backendReport(sqliteRuns, sqliteIngest),
      postgres,
      graphile_worker: graphile,
      ratio_postgres_vs_graphile: postgres && graphile && graphile.burndown_msgs_per_s > 0 ? Math.round((postgres.burndown_msgs_per_s / graphile.burndown_msgs_per_s) * 100) / 100 : null,
      crash: { lost: sqliteCrash.lost + (pgCrash?.lost ?? 0), duplicated: sqliteCrash.duplicated + (pgCrash?.duplicated ?? 0), sqlite: sqliteCrash, postgres: pgCrash },
      rss_mb_max: Math.round((rssMax / 1_048_576) * 10) / 10,
      memory,
      quick: options.quick,
      sizes,
      engine_settings: 'W1: claimBatchSize 1000, commitBatchSize 4000, commitDelayMs 0, no-op endpoint concurrency 2000; W2: defaults, no-op endpoint concurrency 2000; SQLite WAL synchronous=FULL; PostgreSQL synchronous_commit as configured on the server',
      environment,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      errors,
    };
  } finally {
    clearInterval(sampler);
  }
}
