/**
 * What one `kashflow.invoice.sync` keeps alive while it awaits the AX write (a batched AIF call
 * can take seconds): heap bytes per in-flight invoice for a 20-line invoice of the mapping bench,
 * holding either the parsed invoice, the whole mapping result and the AX document tree (what the
 * handler's and writeOnce's frames held: V8 keeps an async function's locals until it returns)
 * or the AX document tree (the writer needs it until the batch is sent) and the output summary.
 *
 *   npx tsc -p tsconfig.build.json && node --expose-gc dist/bench/flows/invoice-sync-retention.js
 */
import { parseKashflowInvoice } from '../../src/connectors/kashflow/wire/index.js';
import { buildAxDocument } from '../../src/connectors/ax/documents/build.js';
import { mapCanonical, type MappingResult } from '../../src/mapping/engine.js';
import { benchInvoiceJson, benchMapping, benchReference } from '../mapping/fixture.js';

const IN_FLIGHT = 2_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const mapping = benchMapping();
const reference = benchReference();
const wireText = JSON.stringify(benchInvoiceJson());

type Invoice = ReturnType<typeof parseKashflowInvoice>;

async function mapOne(): Promise<[Invoice, MappingResult]> {
  const invoice = parseKashflowInvoice(JSON.parse(wireText));
  return [invoice, await mapCanonical(mapping, { entity: 'sales-invoice', record: invoice }, { reference })];
}

async function heldBytes(hold: (invoice: Invoice, mapped: MappingResult) => unknown): Promise<number> {
  gc!();
  const before = process.memoryUsage().heapUsed;
  const held: unknown[] = [];
  for (let i = 0; i < IN_FLIGHT; i++) held.push(hold(...(await mapOne())));
  gc!();
  const after = process.memoryUsage().heapUsed;
  if (held.length !== IN_FLIGHT) throw new Error('unreachable');
  return (after - before) / IN_FLIGHT;
}

const whole = (invoice: Invoice, m: MappingResult): unknown => [invoice, m, buildAxDocument(m.documents[0]!.document).node];
const summary = (_invoice: Invoice, m: MappingResult): unknown => [buildAxDocument(m.documents[0]!.document).node, { gross: m.totals?.gross.toFixed(2), currency: m.totals?.currency, mappingVersion: m.mappingVersion.label }];
await heldBytes(whole); // warm-up (caches of the mapping and the builder)
const rows: Record<string, number[]> = { whole: [], summary: [] };
for (let r = 0; r < 5; r++) {
  rows.whole!.push(await heldBytes(whole));
  rows.summary!.push(await heldBytes(summary));
}
const med = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`bytes kept per in-flight invoice (${IN_FLIGHT} held, medians of 5): invoice + mapping result + AX tree ${med(rows.whole!).toFixed(0)}, AX tree + summary ${med(rows.summary!).toFixed(0)}`);
