/**
 * W1 burn-down for graphile-worker 0.17 (a development dependency), "tuned" as in its
 * performance docs: `concurrentJobs` 24, `maxPoolSize` 25, `localQueue.size` 500,
 * `completeJobBatchDelay` 0, `failJobBatchDelay` 0. Jobs are queued with one `addJobs` call per
 * 5,000 (its bulk path), in its own schema on the same database. Throughput is N divided by the
 * time from the first `job:start` to the moment its jobs table is empty (polled every 5 ms,
 * after the last `job:complete`, because completions are committed in batches after that event).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dropSchema } from './targets.js';

/** Result of one graphile-worker burn-down. */
export interface GraphileResult {
  readonly messages: number;
  readonly seconds: number;
  readonly msgsPerSec: number;
  readonly enqueueSeconds: number;
  readonly version: string;
}

interface GraphileModule {
  Logger: new (factory: () => (level: string, message: string) => void) => unknown;
  run(options: Record<string, unknown>): Promise<{ stop(): Promise<void>; events: { on(event: string, fn: () => void): void } }>;
  makeWorkerUtils(options: Record<string, unknown>): Promise<{ migrate(): Promise<void>; addJobs(specs: { identifier: string; payload: unknown }[]): Promise<unknown>; release(): Promise<void> }>;
}

/** True when graphile-worker is installed (it is a development dependency). */
export async function graphileAvailable(): Promise<boolean> {
  try {
    await import('graphile-worker');
    return true;
  } catch {
    return false;
  }
}

/** Runs the burn-down on a fresh schema of the database at `url`. */
export async function runGraphileBurndown(url: string, messages: number): Promise<GraphileResult> {
  const gw = (await import('graphile-worker')) as unknown as GraphileModule;
  const { createRequire } = await import('node:module');
  const version = (createRequire(import.meta.url)('graphile-worker/package.json') as { version: string }).version;
  const schema = `gw_bench_${randomBytes(5).toString('hex')}`;
  const logger = new gw.Logger(() => () => {});
  const counter = new pg.Client({ connectionString: url, options: '-c jit=off' });
  await counter.connect();
  try {
    const utils = await gw.makeWorkerUtils({ connectionString: url, schema, logger });
    await utils.migrate();
    const start = performance.now();
    for (let i = 0; i < messages; i += 5_000) {
      const n = Math.min(5_000, messages - i);
      await utils.addJobs(Array.from({ length: n }, (_, j) => ({ identifier: 'noop', payload: { i: i + j } })));
    }
    const enqueueSeconds = (performance.now() - start) / 1000;
    await utils.release();
    let firstStart = 0;
    let completed = 0;
    let allCompleted!: () => void;
    const completedPromise = new Promise<void>((r) => (allCompleted = r));
    const runner = await gw.run({
      connectionString: url,
      schema,
      logger,
      concurrency: 24,
      maxPoolSize: 25,
      noHandleSignals: true,
      pollInterval: 1_000,
      taskList: { noop: async () => {} },
      preset: { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
    runner.events.on('job:start', () => {
      if (firstStart === 0) firstStart = performance.now();
    });
    runner.events.on('job:complete', () => {
      if (++completed === messages) allCompleted();
    });
    await completedPromise;
    let end = performance.now();
    for (;;) {
      const { rows } = await counter.query(`SELECT count(*)::int AS n FROM ${schema}._private_jobs`);
      end = performance.now();
      if ((rows[0] as { n: number }).n === 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await runner.stop();
    const seconds = (end - firstStart) / 1000;
    return { messages, seconds, msgsPerSec: Math.round(messages / seconds), enqueueSeconds, version };
  } finally {
    await counter.end();
    await dropSchema(url, schema).catch(() => {});
  }
}
