import { afterAll, describe, expect, it } from 'vitest';
import type { AxHttpTransport } from '../../../../src/connectors/ax/client/http-transport.js';
import { naturalKeys } from '../../../../src/connectors/ax/writer/index.js';
import { AxDocumentWriter } from '../../../../src/connectors/ax/writer/writer.js';
import { isKfaxError } from '../../../../src/errors/kfax-error.js';
import { useSandbox } from '../../../helpers/sandbox.js';
import { axControl, invoiceDocument, messageId, sandboxClient } from './helpers.js';

const sb = useSandbox();
const transports: AxHttpTransport[] = [];
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
});

/**
 * Many invoices through one writer while AX drops, commits-then-drops, fails, throttles and
 * answers slower than the client waits (so calls time out and still commit later). A loop
 * retries like the engine does (in doubt → every later attempt has `resend`). Every invoice must
 * end up in AX exactly once, whatever mix of single calls, batches, splits and re-sends it took.
 */
describe('AxDocumentWriter under random faults', () => {
  it('lands every invoice exactly once', async () => {
    const control = axControl(sb());
    const profile = await control('PUT', '/faults/profile', {
      name: 'fast',
      ax: { writeLatency: { dist: 'uniform', minMs: 0, maxMs: 1400 }, readLatency: { dist: 'uniform', minMs: 0, maxMs: 50 }, commitThenDrop: 0.12, drop: 0.08, serverError: 0.08, throttle: 0.04, retryAfterSeconds: 0 },
    });
    expect(profile.status).toBe(200);
    const writer = new AxDocumentWriter({ client: sandboxClient(sb(), transports, { timeoutMs: 400, connections: 8 }), batch: { enabled: true, maxDocuments: 6, timeoutsToSwitch: 2, healthyCallsToSwitchBack: 3, lingerMs: 20 } });
    const invoices = Array.from({ length: 24 }, (_, i) => ({ documentNum: `CHAOS-${i + 1}`, id: messageId() }));
    const attempts: number[] = [];

    const deliver = async (inv: { documentNum: string; id: string }): Promise<void> => {
      let resend = false;
      for (let attempt = 1; attempt <= 60; attempt++) {
        try {
          await writer.create({ service: 'FreeTextInvoiceService', document: invoiceDocument(inv.documentNum), messageId: inv.id, naturalKey: naturalKeys.freeTextInvoice(inv.documentNum, 'GRP-0001'), resend });
          attempts.push(attempt);
          return;
        } catch (err) {
          if (!isKfaxError(err) || err.kind === 'permanent' || err.kind === 'held') throw err;
          if (err.kind === 'in_doubt') resend = true;
          await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 80)));
        }
      }
      throw new Error(`${inv.documentNum} not delivered`);
    };
    const queue = [...invoices];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let inv = queue.shift(); inv; inv = queue.shift()) await deliver(inv);
      }),
    );
    await control('PUT', '/faults/profile', { name: 'fast' });
    await new Promise((r) => setTimeout(r, 1600)); // calls that timed out may still commit (or be refused as duplicates)

    const all = (await control('GET', '/ax/kfuk/free-text-invoices')).body as { documentNum: string }[];
    const counts = new Map<string, number>();
    for (const i of all.filter((x) => x.documentNum.startsWith('CHAOS-'))) counts.set(i.documentNum, (counts.get(i.documentNum) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(invoices.map((i) => [i.documentNum, 1])));
    const stats = writer.stats()[0];
    expect(attempts).toHaveLength(24);
    // The faults really happened: documents were in doubt and re-sent.
    expect(stats?.inDoubtCalls).toBeGreaterThan(0);
    expect(stats?.resentCalls).toBeGreaterThan(0);
  }, 120_000);
});
