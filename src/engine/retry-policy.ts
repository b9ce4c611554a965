/**
 * Backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): the delay
 * before retry n is uniform in [0, min(maxDelay, base · 2^(n−1))]. Spreading retries over the
 * whole window keeps many failed messages from hitting a recovering endpoint in lock step.
 */
import type { RetrySettings } from './settings.js';

/** Full-jitter delay after `attemptsUsed` counted attempts (1 = after the first). */
export function fullJitterDelayMs(attemptsUsed: number, retry: Pick<RetrySettings, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attemptsUsed - 1, 52));
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
