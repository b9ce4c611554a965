/**
 * Retained heap and CPU per order of the sandbox, measured in-process.
 *
 * Starts the sandbox (`fast` profile), then drives `orders` shop orders through its real HTTP
 * API as the intake benchmark does: one KashFlow `POST /v2/invoices` per order and one AX
 * `FreeTextInvoiceService.create` per 10 orders (10 invoices per call). Afterwards it forces
 * GC and prints, as one JSON line: heap retained per stored order, process CPU per order
 * (client included: the same requests on every build), and main-thread GC pause per order.
 *
 *   npx tsc -p tsconfig.build.json
 *   node --expose-gc dist/bench/sandbox/retained-heap.js [orders=10000] [concurrency=32]
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { Agent, request } from 'undici';
import { buildXml, el, leaf, type XmlNode } from '../../src/xml/build.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { kashflowToken } from '../lib/kashflow-token.js';
import { axFreeTextInvoice, kashflowInvoiceBody } from '../lib/sandbox-orders.js';

const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  services: 'http://schemas.microsoft.com/dynamics/2008/01/services',
  callContext: 'http://schemas.microsoft.com/dynamics/2010/01/datacontracts',
  shared: 'http://schemas.microsoft.com/dynamics/2008/01/sharedtypes',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  doc: 'http://schemas.microsoft.com/dynamics/2008/01/documents/FreeTextInvoice',
};

function axEnvelope(first: number, count: number, customer: string, company: string): string {
  const records = Array.from({ length: count }, (_, i) => axFreeTextInvoice(first + i, customer));
  const header = el('CallContext', { xmlns: NS.callContext }, [leaf('Company', company), leaf('MessageId', `{${crypto.randomUUID()}}`)].filter((c): c is XmlNode => c !== undefined));
  const wrapper = el('FreeTextInvoiceServiceCreateRequest', { xmlns: NS.services }, [el('FreeTextInvoice', { xmlns: NS.doc, 'xmlns:xsi': NS.xsi }, records)]);
  return buildXml(el('s:Envelope', { 'xmlns:s': NS.soap }, [el('s:Header', undefined, [header]), el('s:Body', undefined, [wrapper])]), { declaration: true });
}

function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
}

async function main(): Promise<void> {
  const orders = Number(process.argv[2] ?? 10_000);
  const concurrency = Number(process.argv[3] ?? 32);
  const sandbox = await startSandbox({ seed: 1, profile: 'fast', historicalInvoices: 0 });
  const dispatcher = new Agent({ connections: concurrency, pipelining: 1 });
  try {
    const token = await kashflowToken(sandbox);
    const kfUrl = `${sandbox.endpoints.kashflow.restUrl}/invoices`;
    const ax = sandbox.endpoints.ax;
    const axAuth = `Basic ${Buffer.from(`${ax.domain}\\${ax.username}:${ax.password}`).toString('base64')}`;
    const customers = sandbox.context.world.kashflow.customers.map((c) => c.code);
    const kfHeaders = { 'content-type': 'application/json', authorization: `KfToken ${token}` };
    const axHeaders = { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS.services}/FreeTextInvoiceService/create"`, authorization: axAuth };

    const post = async (url: string, headers: Record<string, string>, body: string): Promise<void> => {
      const res = await request(url, { method: 'POST', headers, body, dispatcher });
      const text = await res.body.text();
      if (res.statusCode >= 300) throw new Error(`HTTP ${res.statusCode} from ${url}: ${text.slice(0, 500)}`);
    };
    // Warm-up (JIT, caches) before the baseline heap figure.
    await post(kfUrl, kfHeaders, kashflowInvoiceBody(0, customers[0] as string));
    await post(ax.url, axHeaders, axEnvelope(0, 10, 'GRP-0001', ax.company));

    let gcMs = 0;
    let gcCount = 0;
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        gcMs += e.duration;
        gcCount++;
      }
    });
    forceGc();
    const heapBefore = process.memoryUsage().heapUsed;
    obs.observe({ entryTypes: ['gc'] });
    const cpuBefore = process.cpuUsage();

    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const n = next;
        if (n >= orders) return;
        // Every 10th slot also sends the AX call of the 10 orders starting there.
        next++;
        await post(kfUrl, kfHeaders, kashflowInvoiceBody(n + 1, customers[n % customers.length] as string));
        if (n % 10 === 0) await post(ax.url, axHeaders, axEnvelope(n + 10, Math.min(10, orders - n), 'GRP-0001', ax.company));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, () => worker()));

    const cpu = process.cpuUsage(cpuBefore);
    await new Promise((r) => setTimeout(r, 50));
    obs.disconnect();
    forceGc();
    const heapAfter = process.memoryUsage().heapUsed;
    const result = {
      orders,
      retainedBytesPerOrder: Math.round((heapAfter - heapBefore) / orders),
      cpuUsPerOrder: Math.round((cpu.user + cpu.system) / orders),
      gcPauseUsPerOrder: Math.round((gcMs * 1000) / orders),
      gcCount,
      heapUsedMB: Math.round(heapAfter / 1e5) / 10,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    // For a closer look: KFAX_HEAP_SNAPSHOT=file writes a heap snapshot of the retained state.
    const snapshot = process.env.KFAX_HEAP_SNAPSHOT;
    if (snapshot) writeHeapSnapshot(snapshot);
  } finally {
    await dispatcher.close();
    await sandbox.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exitCode = 1;
});
