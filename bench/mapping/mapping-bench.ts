/**
 * Mapping benchmark, runnable from the source tree:
 * `npx vite-node bench/mapping/mapping-bench.ts [--json]` (same as `kfax bench mapping [--json]`).
 * See measure.ts; figures and method in docs/benchmarks.md (## Mapping).
 */
import { formatMappingBench, runMappingBench } from './measure.js';

const json = process.argv.includes('--json');
const result = await runMappingBench({ log: (line) => process.stderr.write(`${line}\n`) });
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else process.stdout.write(`${formatMappingBench(result).join('\n')}\n`);
