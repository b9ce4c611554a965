/**
 * The mapping benchmark's workload: the example configuration and reference data, and a
 * 20-line KashFlow sales invoice that touches every line rule of the example (account rules
 * and nominal table, five dimension tables, the consultancy split, three VAT rates, projects,
 * products known and unknown to AX).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dec } from '../../src/canonical/money.js';
import { kashflowLineAmounts } from '../../src/connectors/kashflow/wire/index.js';
import { compileMapping, type CompiledMapping } from '../../src/mapping/compile/compile.js';
import { parseMappingYaml } from '../../src/mapping/config/load.js';
import { parseReferenceSnapshot, type SnapshotReferenceData } from '../../src/mapping/reference/snapshot.js';

/** Lines of the benchmark invoice. */
export const BENCH_LINES = 20;

/** The `examples` directory (from the source tree or from `dist`). */
function examplesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'examples', 'kfax-mapping.yaml'))) return join(dir, 'examples');
    const up = dirname(dir);
    if (up === dir) throw new Error('examples/kfax-mapping.yaml not found above the benchmark');
    dir = up;
  }
}

/** The example mapping compiled, optionally with its text edited first. */
export function benchMapping(edit: (yaml: string) => string = (y) => y): CompiledMapping {
  const file = join(examplesDir(), 'kfax-mapping.yaml');
  return compileMapping(parseMappingYaml(edit(readFileSync(file, 'utf8')), file));
}

/** The example AX reference data (`examples/ax-reference.json`). */
export function benchReference(): SnapshotReferenceData {
  return parseReferenceSnapshot(JSON.parse(readFileSync(join(examplesDir(), 'ax-reference.json'), 'utf8')));
}

/** The benchmark invoice as KashFlow's REST API returns it (amounts computed the way KashFlow computes them). */
export function benchInvoiceJson(): Record<string, unknown> {
  const nominals = [4000, 4010, 4020, 4050, 4900];
  const products = ['OAK-101', 'WAL-102', 'LIN-103', 'SVC-003', ''];
  let net = new Dec(0);
  let vat = new Dec(0);
  const items = Array.from({ length: BENCH_LINES }, (_, i) => {
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
