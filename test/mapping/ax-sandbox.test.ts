import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AifClient } from '../../src/connectors/ax/client/aif-client.js';
import { AxHttpTransport } from '../../src/connectors/ax/client/http-transport.js';
import { buildAxDocument } from '../../src/connectors/ax/documents/build.js';
import { isKfaxError } from '../../src/errors/kfax-error.js';
import { mapKashflowJson, type MappingResult } from '../../src/mapping/engine.js';
import { controlRequest, useSandbox } from '../helpers/sandbox.js';
import { exampleMapping, sample, sampleJson, seedReference } from './helpers.js';

/**
 * The documents the mapping builds are accepted by the AX sandbox (real AIF SOAP over HTTP):
 * names, namespaces, element order, dimensions, tax groups and accounts all pass its
 * AX-style validation.
 */
describe('mapped documents are accepted by the AX sandbox', () => {
  const sandbox = useSandbox({ seed: 1 });
  const cm = exampleMapping();
  const reference = seedReference();
  const transports: AxHttpTransport[] = [];
  afterAll(async () => {
    await Promise.all(transports.map((t) => t.close()));
  });

  function client(): AifClient {
    const e = sandbox().endpoints.ax;
    const transport = new AxHttpTransport({ url: e.url, auth: { kind: 'basic', domain: e.domain, username: e.username, password: e.password }, connections: 1, timeoutMs: 10_000, connectTimeoutMs: 2000, maxResponseBytes: 8 << 20 });
    transports.push(transport);
    return new AifClient({ transport, company: e.company, language: 'en-gb' });
  }

  async function send(result: MappingResult): Promise<string[]> {
    const ax = client();
    const keys: string[] = [];
    for (const d of result.documents) {
      try {
        const k = await ax.create(d.service, buildAxDocument(d.document).node, { messageId: randomUUID() });
        keys.push(JSON.stringify(k));
      } catch (err) {
        throw new Error(`${d.service} rejected the mapped document: ${isKfaxError(err) ? `${err.code} ${err.message} ${JSON.stringify(err.details)}` : String(err)}`);
      }
    }
    return keys;
  }

  async function mapAndSend(json: unknown): Promise<void> {
    const [r] = await mapKashflowJson(cm, json, { reference });
    expect(r).toBeDefined();
    const keys = await send(r as MappingResult);
    expect(keys).toHaveLength((r as MappingResult).documents.length);
  }

  for (const name of ['customer', 'supplier', 'sales-invoice', 'sales-invoice-eur', 'journal']) {
    it(name, async () => {
      await mapAndSend(sample(name));
    });
  }

  it('product (one AX does not have yet) and its release', async () => {
    await mapAndSend({ ...sampleJson('product'), Code: 'DES-119', Name: 'Desk Lamp', Description: 'Desk Lamp, standard', NominalCode: 4010, Price: 42.5 });
  });

  it('purchase invoice once its vendor exists in AX (the flow creates the vendor first)', async () => {
    await mapAndSend({ ...sampleJson('supplier'), Code: 'SALT03', Name: 'Saltmarsh Consulting Limited' });
    await mapAndSend(sample('purchase-invoice'));
  });

  it('customer payment settling the invoice AX posted', async () => {
    await mapAndSend(sample('sales-invoice'));
    const posted = await controlRequest(sandbox().endpoints.control.axUrl, 'GET', '/ax/kfuk/free-text-invoices?documentNum=1101');
    const list = (posted.body as { items?: { invoiceId?: string }[] } | { invoiceId?: string }[]) ?? [];
    const items = Array.isArray(list) ? list : (list.items ?? []);
    const invoiceId = items.find((i) => i.invoiceId)?.invoiceId;
    expect(invoiceId, JSON.stringify(posted.body)).toBeDefined();
    const [r] = await mapKashflowJson(cm, sample('customer-payment'), { reference, xref: { axInvoiceId: () => invoiceId } });
    expect(await send(r as MappingResult)).toHaveLength(1);
  });
});
