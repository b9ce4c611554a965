/**
 * W4 crash safety: a worker process is killed with SIGKILL in the middle of a batch and a new
 * one is started. Every message must end delivered, with exactly one effect at the idempotent
 * sink: nothing lost, nothing applied twice.
 */
import type { ChildProcess } from 'node:child_process';
import { Engine } from '../engine.js';
import { MessageTypeRegistry } from '../message-types.js';
import { openStore } from '../../store/open-store.js';
import { startIdempotentSink } from './idempotent-sink.js';
import { sinkMessageType } from './sink-message-type.js';
import { spawnScript, waitForLine } from './spawn.js';

/** Where the workload runs. */
export interface CrashTarget {
  readonly url: string;
  readonly schema?: string;
}

/** What the crash workload found. */
export interface CrashResult {
  readonly messages: number;
  /** Messages without an effect at the sink. */
  readonly lost: number;
  /** Messages applied more than once (under different keys). */
  readonly duplicated: number;
  /** Raw deliveries beyond one per message (re-sends the sink absorbed). */
  readonly redelivered: number;
  /** Re-sends resolved by looking the key up first. */
  readonly lookups: number;
  /** Messages the killed worker held in flight. */
  readonly inFlightAtKill: number;
  /** From the kill until every message was delivered. */
  readonly recoveryMs: number;
  readonly allDelivered: boolean;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** Runs the crash workload against a migrated or empty store target. */
export async function runCrashWorkload(target: CrashTarget, options: { messages: number; leaseMs: number; killAtFraction?: number; timeoutMs?: number }): Promise<CrashResult> {
  const sink = await startIdempotentSink({ latencyMs: 2 });
  const store = await openStore(target.url, { ...(target.schema ? { schema: target.schema } : {}), poolSize: 2 });
  const children: ChildProcess[] = [];
  try {
    const engine = new Engine({ store, registry: new MessageTypeRegistry().define(sinkMessageType(sink.url)) });
    for (let i = 0; i < options.messages; i += 1000) {
      const chunk = Array.from({ length: Math.min(1000, options.messages - i) }, (_, j) => ({ type: 'bench.sink.deliver', payload: { seq: i + j }, key: `crash-${i + j}` }));
      await engine.enqueueMany(chunk);
    }
    const args = [JSON.stringify({ store: target.url, ...(target.schema ? { schema: target.schema } : {}), sinkUrl: sink.url, leaseMs: options.leaseMs })];
    const first = await spawnScript('crash-worker', args);
    children.push(first);
    await waitForLine(first, 'ready');
    const killAt = Math.max(1, Math.floor(options.messages * (options.killAtFraction ?? 0.4)));
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    while (sink.stats().rawDeliveries < killAt) {
      if (Date.now() > deadline) throw new Error('crash workload: the first worker made no progress');
      await new Promise((r) => setTimeout(r, 2));
    }
    first.kill('SIGKILL');
    const killedAt = Date.now();
    await exited(first);
    const inFlightAtKill = (await store.stats(Date.now())).counts.in_flight;
    const second = await spawnScript('crash-worker', args);
    children.push(second);
    let secondErr = '';
    second.stderr?.on('data', (c: Buffer) => (secondErr += c.toString('utf8')));
    await waitForLine(second, 'ready');
    let delivered = 0;
    while (delivered < options.messages && Date.now() < deadline) {
      if (second.exitCode !== null || second.signalCode !== null) throw new Error(`crash workload: the restarted worker exited (${second.exitCode ?? second.signalCode}): ${secondErr}`);
      delivered = (await store.stats(Date.now())).counts.delivered;
      if (delivered < options.messages) await new Promise((r) => setTimeout(r, 25));
    }
    const recoveryMs = Date.now() - killedAt;
    second.kill('SIGTERM');
    await exited(second);
    const s = sink.stats();
    const seen = new Set(s.seqs);
    let lost = 0;
    for (let i = 0; i < options.messages; i++) if (!seen.has(i)) lost++;
    return { messages: options.messages, lost, duplicated: s.duplicatedSeqs, redelivered: s.rawDeliveries - s.effects, lookups: s.lookups, inFlightAtKill, recoveryMs, allDelivered: delivered === options.messages };
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await store.close();
    await sink.close();
  }
}
