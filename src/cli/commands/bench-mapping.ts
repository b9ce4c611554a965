import type { Command } from 'commander';
import { formatMappingBench, runMappingBench } from '../../../bench/mapping/measure.js';

/** `kfax bench mapping`: CPU cost of mapping a 20-line invoice, against JSON.parse of it. */
export function registerBenchMappingCommand(program: Command): void {
  const bench = program.commands.find((c) => c.name() === 'bench') ?? program.command('bench').description('Run benchmarks');
  bench
    .command('mapping')
    .description('Benchmark the mapping engine: a 20-line sales invoice with the example configuration, in CPU time against JSON.parse of the same invoice')
    .option('--json', 'print the result as one JSON object on the last stdout line')
    .action(async (opts: { json?: boolean }) => {
      const result = await runMappingBench({ log: (line) => process.stderr.write(`${line}\n`) });
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(`${formatMappingBench(result).join('\n')}\n`);
    });
}
