/**
 * Quick local check of the webhook intake (no flows), from a source checkout:
 *
 *   npx vite-node bench/intake/run.ts -- [seconds=10] [connections=64] [--no-drain]
 *
 * Prints progress on stderr and one JSON result on the last stdout line. See docs/server.md,
 * section "Intake benchmark".
 */
import { runIntakeBench } from './intake-bench.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
const result = await runIntakeBench({ durationSeconds: numbers[0] ?? 10, connections: numbers[1] ?? 64, drain: !args.includes('--no-drain'), log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`${JSON.stringify(result)}\n`);
