/**
 * The A/B loop of the benches that load a base build and a new build into one process: rounds
 * alternate which build runs first (so drift in the machine's speed falls on both), each round's
 * outputs must agree (the builds compute the same thing), and the result is the medians of CPU
 * per unit and the median of the rounds' ratios new / base.
 */
import { median } from './gc-meter.js';

/** The two builds of an A/B bench. */
export type BuildName = 'base' | 'new';

/** One run of one build: CPU µs per unit, and optionally what it produced, compared between the builds. */
export interface BuildRun {
  readonly us: number;
  readonly output?: string | number;
}

/** Medians of µs per unit, their ratio and the median paired ratio new / base. */
export interface AlternationResult {
  readonly base: number;
  readonly new: number;
  readonly ratio: number;
  readonly pairedRatio: number;
}

/**
 * Runs `rounds` rounds of both builds (base first in even rounds, new first in odd ones) and
 * throws `mismatch` with both outputs when a round's builds produced different outputs. Warm
 * the builds up before calling it.
 */
export async function alternateBuilds(rounds: number, run: (name: BuildName) => BuildRun | number | Promise<BuildRun | number>, mismatch = 'the builds produce different outputs'): Promise<AlternationResult> {
  const samples: Record<BuildName, number[]> = { base: [], new: [] };
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order: readonly BuildName[] = r % 2 === 0 ? ['base', 'new'] : ['new', 'base'];
    const outputs: (string | number | undefined)[] = [];
    for (const name of order) {
      const done = await run(name);
      const { us, output } = typeof done === 'number' ? { us: done, output: undefined } : done;
      samples[name].push(us);
      outputs.push(output);
    }
    if (outputs[0] !== outputs[1]) throw new Error(`${mismatch}:\n${String(outputs[0])}\n${String(outputs[1])}`);
    ratios.push(samples.new[r]! / samples.base[r]!);
  }
  const base = median(samples.base);
  const next = median(samples.new);
  return { base, new: next, ratio: next / base, pairedRatio: median(ratios) };
}
