/**
 * Runs the engine benchmark from a source checkout without building:
 *
 *   npx vite-node bench/engine/run.ts -- --quick --json
 *
 * Same options as `kfax bench engine` (it is that command). Results and method:
 * docs/benchmarks.md, section "Engine".
 */
import { main } from '../../src/cli/main.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
process.exitCode = await main(['node', 'kfax', 'bench', 'engine', ...args]);
