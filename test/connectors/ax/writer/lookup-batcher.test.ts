import { afterAll, describe, expect, it } from 'vitest';
import type { AxHttpTransport } from '../../../../src/connectors/ax/client/http-transport.js';
import type { CustTransRef } from '../../../../src/connectors/ax/writer/cust-trans.js';
import { CustTransByDocumentBatcher } from '../../../../src/connectors/ax/writer/lookup-batcher.js';
import { naturalKeys } from '../../../../src/connectors/ax/writer/index.js';
import { AxDocumentWriter } from '../../../../src/connectors/ax/writer/writer.js';
import type { AxCallStatsView } from '../../../../src/sandbox/ax/http/call-stats.js';
import { controlRequest, useSandbox } from '../../../helpers/sandbox.js';
import { invoiceDocument, messageId, sandboxClient } from './helpers.js';

const sb = useSandbox();
const transports: AxHttpTransport[] = [];
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
});
const control = (method: string, path: string, body?: unknown) => controlRequest(sb().endpoints.control.axUrl, method, path, body);
const findCalls = async (): Promise<number> => ((await control('GET', '/ax/stats')).body as AxCallStatsView).byOperation['CustomerTransactionService/find']?.calls ?? 0;

async function postInvoices(prefix: string, n: number): Promise<{ writer: AxDocumentWriter; docs: string[] }> {
  const writer = new AxDocumentWriter({ client: sandboxClient(sb(), transports) });
  const docs = Array.from({ length: n }, (_, i) => `${prefix}-${1001 + i}`);
  for (const doc of docs) await writer.create({ service: 'FreeTextInvoiceService', document: invoiceDocument(doc, { amount: '10.00' }), messageId: messageId(), naturalKey: naturalKeys.freeTextInvoice(doc) });
  return { writer, docs };
}

describe('look-ups by DocumentNum, coalesced', () => {
  it('answers look-ups asked at the same time with one find per batch, each with its own document\'s transactions', async () => {
    const { writer, docs } = await postInvoices('LB', 12);
    const expected = await Promise.all(docs.map((d) => writer.lookups.custTransByDocumentNum(d)));
    const batcher = new CustTransByDocumentBatcher(writer.lookups, 5);
    await control('DELETE', '/ax/stats');
    const asked = [...docs, docs[0]!, 'LB-NONE'];
    const answers = await Promise.all(asked.map((d) => batcher.load(d)));
    answers.slice(0, 12).forEach((rows, i) => expect(rows).toEqual(expected[i]));
    expect(answers[12]).toEqual(expected[0]);
    expect(answers[13]).toEqual([]);
    expect(expected.every((rows) => rows.length === 1 && rows[0]!.invoice.startsWith('FTI-'))).toBe(true);
    // 13 distinct documents in batches of 5: three finds, and the unknown one asked again alone.
    expect(await findCalls()).toBe(4);
  });

  it('stays right when the server ANDs criteria: what the combined answer lacks is asked alone', async () => {
    const { writer, docs } = await postInvoices('LBA', 3);
    const expected = await Promise.all(docs.map((d) => writer.lookups.custTransByDocumentNum(d)));
    await control('PUT', '/ax/settings', { criteriaCombine: 'AND' });
    try {
      await control('DELETE', '/ax/stats');
      const answers = await Promise.all(docs.map((d) => new CustTransByDocumentBatcher(writer.lookups, 25).load(d).then((r) => r)));
      expect(answers).toEqual(expected);
      const shared = new CustTransByDocumentBatcher(writer.lookups, 25);
      expect(await Promise.all(docs.map((d) => shared.load(d)))).toEqual(expected);
      // 3 separate batchers (one call each) + one combined call answered empty + 3 alone.
      expect(await findCalls()).toBe(3 + 1 + 3);
    } finally {
      await control('PUT', '/ax/settings', { criteriaCombine: 'OR' });
    }
  });

  it('fails every look-up a failed call carried, and sends one call each with a batch size of 1', async () => {
    const failure = new Error('AOS unavailable');
    const calls: string[][] = [];
    // Test double: look-ups that record what they were asked and fail the combined call.
    const lookups = {
      custTransByDocumentNums: async (docs: readonly string[]): Promise<CustTransRef[]> => {
        calls.push([...docs]);
        throw failure;
      },
      custTransByDocumentNum: async (doc: string): Promise<CustTransRef[]> => {
        calls.push([doc]);
        return [];
      },
    };
    const batcher = new CustTransByDocumentBatcher(lookups, 10);
    const results = await Promise.allSettled(['A', 'B', 'C'].map((d) => batcher.load(d)));
    expect(results.every((r) => r.status === 'rejected' && r.reason === failure)).toBe(true);
    expect(calls).toEqual([['A', 'B', 'C']]);

    calls.length = 0;
    const single = new CustTransByDocumentBatcher(lookups, 1);
    expect(await Promise.all(['A', 'B'].map((d) => single.load(d)))).toEqual([[], []]);
    expect(calls).toEqual([['A'], ['B']]);
  });
});
