/**
 * Mapping benchmark: cost of mapping a 20-line KashFlow sales invoice to an AX free-text
 * invoice with the example configuration and the seed reference data, in CPU time, measured
 * against a baseline in the same process (a JSON round trip of the same invoice, which any pipeline
 * step pays at least once). Run: `npx vite-node bench/mapping/mapping-bench.ts [--json]`.
 */
import { readFileSync } from 'node:fs';
import { Dec } from '../../src/canonical/money.js';
import { kashflowLineAmounts, parseKashflowInvoice } from '../../src/connectors/kashflow/wire/index.js';
import { compileMapping } from '../../src/mapping/compile/compile.js';
import { loadMappingFile } from '../../src/mapping/config/load.js';
import { mapCanonical, mappedDocumentXml, type MappedDocument } from '../../src/mapping/engine.js';
import { parseReferenceSnapshot } from '../../src/mapping/reference/snapshot.js';

const LINES = 20;
const cm = compileMapping(loadMappingFile('examples/kfax-mapping.yaml'));
const reference = parseReferenceSnapshot(JSON.parse(readFileSync('examples/ax-reference.json', 'utf8')));

function invoiceJson(): Record<string, unknown> {
  const nominals = [4000, 4010, 4020, 4050, 4900];
  const products = ['OAK-101', 'WAL-102', 'LIN-103', 'SVC-003', ''];
  let net = new Dec(0);
  let vat = new Dec(0);
  const items = Array.from({ length: LINES }, (_, i) => {
    const q = new Dec(1 + (i % 7));
    const rate = new Dec(9.99 + i * 3.17).toDecimalPlaces(2);
    const level = new Dec([20, 20, 5, 0][i % 4] as number);
    const a = kashflowLineAmounts(q, rate, level, false);
    net = net.plus(a.net);
    vat = vat.plus(a.vat);
    return { Number: i + 1, Description: `Line ${i + 1}`, Quantity: q.toFixed(4), Rate: rate.toFixed(4), NominalCode: nominals[i % 5], ProductCode: products[i % 5], VATLevel: level.toFixed(4), VATAmount: a.vat.toFixed(4), VATExempt: 0, ProjectNumber: i % 6 === 0 ? 1 + (i % 5) : 0 };
  });
  return { Number: 2001, CustomerCode: 'SALT01', CustomerName: 'Saltmarsh Pet Supplies Limited', CustomerReference: 'SHOP-1', IssuedDate: '2026-11-20 12:00:00', DueDate: '2026-12-20 12:00:00', Status: 'Unpaid', NetAmount: net.toFixed(4), VATAmount: vat.toFixed(4), GrossAmount: net.plus(vat).toFixed(4), Currency: { Code: 'GBP', ExchangeRate: '1.0000' }, LineItems: items };
}

const wire = invoiceJson();
const wireText = JSON.stringify(wire);
const canonical = { entity: 'sales-invoice' as const, record: parseKashflowInvoice(wire) };

/**
 * Runs `fn` in batches interleaved with the baseline so both see the same machine load (the
 * machine is shared), and returns the median per-call time of each plus the median ratio.
 */
async function paired(batch: number, baselineBatch: number, fn: () => unknown): Promise<{ us: number; baseUs: number; ratio: number }> {
  for (let i = 0; i < 1000; i++) await fn();
  for (let i = 0; i < 5000; i++) JSON.parse(wireText);
  const us: number[] = [];
  const base: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < 15; r++) {
    let t0 = cpuMicros();
    for (let i = 0; i < baselineBatch; i++) JSON.parse(wireText);
    const b = (cpuMicros() - t0) / baselineBatch;
    t0 = cpuMicros();
    for (let i = 0; i < batch; i++) await fn();
    const m = (cpuMicros() - t0) / batch;
    base.push(b);
    us.push(m);
    ratios.push(m / b);
  }
  return { us: median(us), baseUs: median(base), ratio: median(ratios) };
}

/**
 * CPU time of this process (user + system) in µs. On a shared machine wall-clock time also
 * counts the time the process waits for a core; CPU time does not.
 */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const map = await paired(300, 3000, () => mapCanonical(cm, canonical, { reference }));
const mapXml = await paired(200, 3000, async () => {
  const r = await mapCanonical(cm, canonical, { reference });
  return mappedDocumentXml(r.documents[0] as MappedDocument);
});
const endToEnd = await paired(200, 3000, async () => {
  const r = await mapCanonical(cm, { entity: 'sales-invoice', record: parseKashflowInvoice(JSON.parse(wireText)) }, { reference });
  return mappedDocumentXml(r.documents[0] as MappedDocument);
});

const result = {
  lines: LINES,
  node: process.version,
  baselineUs: round(map.baseUs),
  mapUs: round(map.us),
  mapRatio: round(map.ratio),
  mapXmlUs: round(mapXml.us),
  mapXmlRatio: round(mapXml.ratio),
  parseMapXmlUs: round(endToEnd.us),
  parseMapXmlRatio: round(endToEnd.ratio),
  targetUs: 100,
  pass: map.us < 100,
};
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(
    [
      `mapping a ${LINES}-line invoice (${process.version}; CPU time, medians of 15 rounds interleaved with the baseline)`,
      `  baseline  JSON.parse of the same invoice     ${result.baselineUs} µs`,
      `  map       canonical → AX document + explain  ${result.mapUs} µs   ${result.mapRatio} × baseline   target < 100 µs: ${result.pass ? 'PASS' : 'FAIL'}`,
      `  map + XML                                    ${result.mapXmlUs} µs   ${result.mapXmlRatio} × baseline`,
      `  parse + map + XML (wire JSON → XML text)     ${result.parseMapXmlUs} µs   ${result.parseMapXmlRatio} × baseline`,
      '',
    ].join('\n'),
  );
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
