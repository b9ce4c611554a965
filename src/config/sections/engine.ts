/** `engine:` — worker loop, group commit, leases and housekeeping. Defaults live in `src/engine/settings.ts`. */
import { z } from 'zod';
import { DEFAULT_ENGINE_SETTINGS as D } from '../../engine/settings.js';

const ms = (max: number) => z.int().min(0).max(max);

export const engineSection = z
  .strictObject({
    claimBatchSize: z.int().min(1).max(10_000).default(D.claimBatchSize),
    commitBatchSize: z.int().min(1).max(100_000).default(D.commitBatchSize),
    commitDelayMs: ms(10_000).default(D.commitDelayMs),
    leaseMs: z.int().min(1_000).max(86_400_000).default(D.leaseMs),
    pollIntervalMs: z.int().min(10).max(3_600_000).default(D.pollIntervalMs),
    shutdownTimeoutMs: ms(3_600_000).default(D.shutdownTimeoutMs),
    sweepIntervalMs: z.int().min(100).max(3_600_000).default(D.sweepIntervalMs),
    parkedRecheckMs: z.int().min(100).max(86_400_000).default(D.parkedRecheckMs),
    retentionDays: z.int().min(0).max(36_500).default(D.retentionDays),
    maxPayloadBytes: z.int().min(1_024).max(64 * 1_048_576).default(D.maxPayloadBytes),
  })
  .prefault({});

/** The validated `engine` section. */
export type EngineConfig = z.output<typeof engineSection>;
