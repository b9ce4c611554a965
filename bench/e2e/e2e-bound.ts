/**
 * The arithmetic of `kfax bench e2e`: the throughput bound that C concurrent AX calls allow,
 * the same bound from a latency profile's configured figures, and quantiles. Pure functions.
 */
import type { LatencySpec } from '../../src/sandbox/faults/profiles.js';

/**
 * Documents per second that `concurrency` AX slots could carry if every slot were busy all the
 * time, when the AX calls of one synced document keep a slot busy `busyMsPerDocument` in total:
 * `C / (busy seconds per document)`.
 */
export function boundDocsPerSecond(concurrency: number, busyMsPerDocument: number): number {
  if (!(concurrency > 0) || !(busyMsPerDocument > 0)) return Number.NaN;
  return (concurrency * 1000) / busyMsPerDocument;
}

/**
 * Throughput / bound. With the bound measured from the same run, this is the mean utilisation of
 * the C AX slots over the window: Σ(AX call time) / (C · window).
 */
export function fractionOfBound(throughputDocsPerSecond: number, boundDocsPerSecondValue: number): number {
  if (!(boundDocsPerSecondValue > 0) || !Number.isFinite(boundDocsPerSecondValue)) return Number.NaN;
  return throughputDocsPerSecond / boundDocsPerSecondValue;
}

/** The median a latency spec configures (ms). */
export function latencyMedianMs(spec: LatencySpec): number {
  switch (spec.dist) {
    case 'none':
      return 0;
    case 'fixed':
      return spec.ms;
    case 'uniform':
      return (spec.minMs + Math.max(spec.minMs, spec.maxMs)) / 2;
    case 'lognormal':
      return Math.min(spec.medianMs, spec.maxMs);
  }
}

/**
 * The mean of the latencies a spec draws (ms), as the sandbox samples them (`sampleLatency`: a
 * log-normal with the given median and p99, capped at `maxMs`, rounded to whole ms; the
 * rounding is ignored). Capped log-normal: E[min(X, c)] = m·e^(σ²/2)·Φ((ln(c/m) − σ²)/σ) + c·(1 − Φ(ln(c/m)/σ)).
 */
export function latencyMeanMs(spec: LatencySpec): number {
  if (spec.dist !== 'lognormal') return latencyMedianMs(spec);
  const m = spec.medianMs;
  const sigma = Math.log(Math.max(spec.p99Ms, m) / m) / 2.3263;
  const c = spec.maxMs;
  if (sigma === 0) return Math.min(m, c);
  const z = Math.log(c / m) / sigma;
  return m * Math.exp((sigma * sigma) / 2) * normalCdf(z - sigma) + c * (1 - normalCdf(z));
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** AX read and write calls per synced document, and the latency profile of the AX sandbox. */
export interface CallMix {
  readsPerDocument: number;
  writesPerDocument: number;
}

/**
 * The bound the profile's configured latencies give for a call mix: each document keeps a slot
 * busy reads × read latency + writes × write latency (injected latency only: no HTTP, no XML).
 */
export function profileBoundDocsPerSecond(concurrency: number, mix: CallMix, ax: { readLatency: LatencySpec; writeLatency: LatencySpec }, statistic: 'median' | 'mean'): number {
  const of = statistic === 'median' ? latencyMedianMs : latencyMeanMs;
  return boundDocsPerSecond(concurrency, mix.readsPerDocument * of(ax.readLatency) + mix.writesPerDocument * of(ax.writeLatency));
}

/** Nearest-rank quantiles of a sample (NaN when empty). */
export function quantiles(values: readonly number[]): { p50: number; p90: number; p99: number; max: number; count: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number): number => (sorted.length === 0 ? Number.NaN : (sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number));
  return { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: sorted[sorted.length - 1] ?? Number.NaN, count: sorted.length };
}

/** Rounds to `digits` decimals (keeps NaN). */
export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
