/**
 * A worker process for the crash workload (and its test): it opens the store, runs the sink
 * message type, prints `ready`, and stops gracefully on SIGTERM. The parent kills it with
 * SIGKILL mid-batch and starts another one.
 *
 * Usage: node crash-worker.js '{"store":"…","schema":"…","sinkUrl":"…","leaseMs":1500}'
 */
import { Engine } from '../engine.js';
import { MessageTypeRegistry } from '../message-types.js';
import { openStore } from '../../store/open-store.js';
import { sinkMessageType } from './sink-message-type.js';

interface CrashWorkerOptions {
  readonly store: string;
  readonly schema?: string;
  readonly sinkUrl: string;
  readonly leaseMs: number;
  readonly concurrency?: number;
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2] ?? '{}') as CrashWorkerOptions;
  const store = await openStore(o.store, { ...(o.schema ? { schema: o.schema } : {}), poolSize: 4 });
  const registry = new MessageTypeRegistry().define(sinkMessageType(o.sinkUrl));
  const engine = new Engine({
    store,
    registry,
    settings: { leaseMs: o.leaseMs, pollIntervalMs: 100, sweepIntervalMs: 200, claimBatchSize: 50 },
    endpoints: { sink: { concurrency: o.concurrency ?? 16, handlerTimeoutMs: 10_000, retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 20 } } },
  });
  const stop = async (): Promise<void> => {
    await engine.stop(2_000);
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  await engine.start();
  process.stdout.write('ready\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-worker: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
