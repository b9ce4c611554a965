import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnScript, waitForLine } from '../../src/engine/bench/spawn.js';
import { runAsLeader } from '../../src/engine/leader.js';
import { BACKENDS, createTarget } from '../store/backends.js';
import { waitFor } from './helpers.js';

const CANDIDATE = fileURLToPath(new URL('./fixtures/leader-candidate.ts', import.meta.url));
const IDLE_WORKER = fileURLToPath(new URL('./fixtures/idle-worker.ts', import.meta.url));

function collect(child: ChildProcess): string[] {
  const lines: string[] = [];
  let buffer = '';
  child.stdout!.on('data', (c: Buffer) => {
    buffer += c.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  return lines;
}

for (const backend of BACKENDS) {
  describe(`${backend}: leader election`, () => {
    it('runs the task on exactly one of two candidates in one process and hands over on stop', async () => {
      const target = await createTarget(backend);
      try {
        const [s1, s2] = [await target.open(), await target.open()];
        let active = 0;
        let overlap = false;
        const task = (signal: AbortSignal): Promise<void> =>
          new Promise((resolve) => {
            if (++active > 1) overlap = true;
            signal.addEventListener('abort', () => {
              active--;
              resolve();
            });
          });
        const a = runAsLeader(s1, 'pollers', task, { holderId: 'a', ttlMs: 600, retryMs: 50 });
        const b = runAsLeader(s2, 'pollers', task, { holderId: 'b', ttlMs: 600, retryMs: 50 });
        await waitFor(() => a.isLeader || b.isLeader);
        await new Promise((r) => setTimeout(r, 300));
        expect([a.isLeader, b.isLeader].filter(Boolean)).toHaveLength(1);
        const [leader, follower] = a.isLeader ? [a, b] : [b, a];
        await leader.stop();
        await waitFor(() => follower.isLeader, 5_000, 'fail-over');
        expect(overlap).toBe(false);
        await follower.stop();
        expect(active).toBe(0);
      } finally {
        await target.dispose();
      }
    });

    it('fails over to the other process when the leader process is killed with SIGKILL', { timeout: 60_000 }, async () => {
      const target = await createTarget(backend);
      const children: ChildProcess[] = [];
      try {
        await target.open();
        const ttlMs = 1_000;
        const start = async (id: string) => {
          const child = await spawnScript(CANDIDATE, [JSON.stringify({ store: target.url, ...(target.schema ? { schema: target.schema } : {}), id, ttlMs })]);
          children.push(child);
          const lines = collect(child);
          await waitForLine(child, 'ready');
          return { id, child, lines };
        };
        const a = await start('a');
        const b = await start('b');
        await waitFor(() => a.lines.includes('leader a') || b.lines.includes('leader b'), 10_000, 'a leader');
        await new Promise((r) => setTimeout(r, ttlMs));
        const leaders = [a, b].filter((c) => c.lines.includes(`leader ${c.id}`));
        expect(leaders).toHaveLength(1);
        const [dead, survivor] = leaders[0] === a ? [a, b] : [b, a];
        const killedAt = Date.now();
        dead.child.kill('SIGKILL');
        await waitFor(() => survivor.lines.includes(`leader ${survivor.id}`), 10_000, 'fail-over');
        const failoverMs = Date.now() - killedAt;
        // PostgreSQL releases the advisory lock with the connection; SQLite waits for the TTL.
        expect(failoverMs).toBeLessThan(backend === 'postgres' ? 2_000 : ttlMs + 2_000);
      } finally {
        for (const c of children) c.kill('SIGKILL');
        await target.dispose();
      }
    });
  });
}

describe('engine: worker process lifetime', () => {
  it('keeps an idle worker process alive until it is stopped, then lets it exit', { timeout: 30_000 }, async () => {
    const target = await createTarget('sqlite');
    try {
      await target.open();
      const child = await spawnScript(IDLE_WORKER, [target.url]);
      await waitForLine(child, 'ready');
      await new Promise((r) => setTimeout(r, 500));
      expect(child.exitCode).toBeNull();
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      await waitForLine(child, 'stopped');
      expect(await exited).toBe(0);
    } finally {
      await target.dispose();
    }
  });
});
