/**
 * CPU time and garbage-collector work of a piece of code, for benchmarks that compare builds in
 * one process. CPU time is the whole process's (main thread and V8's GC helper threads), so
 * a shared machine's load does not count; allocation and promotion are read from V8's per-GC
 * heap statistics (`v8.GCProfiler`).
 */
import { GCProfiler } from 'node:v8';

/** What {@link meter} measured. */
export interface GcFigures {
  /** Process CPU time (user + system, all threads), µs. */
  readonly cpuUs: number;
  /** Bytes allocated on the V8 heap (growth plus what every GC freed). */
  readonly allocatedBytes: number;
  /** Bytes scavenges moved into old space (young objects that lived too long). */
  readonly promotedBytes: number;
  readonly scavenges: number;
  readonly majorGcs: number;
  /** Time the GC pauses took on the main thread, µs. */
  readonly gcPauseUs: number;
}

interface SpaceStats {
  readonly spaceName: string;
  readonly spaceUsedSize: number;
}
interface HeapSnapshotStats {
  readonly heapStatistics: { readonly usedHeapSize: number };
  readonly heapSpaceStatistics: readonly SpaceStats[];
}
interface GcStatistic {
  readonly gcType: string;
  readonly cost: number;
  readonly beforeGC: HeapSnapshotStats;
  readonly afterGC: HeapSnapshotStats;
}

function oldSpace(s: HeapSnapshotStats): number {
  return s.heapSpaceStatistics.find((x) => x.spaceName === 'old_space')?.spaceUsedSize ?? 0;
}

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Runs `work` and reports its CPU time and GC work. */
export async function meter(work: () => Promise<void>): Promise<GcFigures> {
  const profiler = new GCProfiler();
  const usedBefore = process.memoryUsage().heapUsed;
  profiler.start();
  const cpu0 = cpuMicros();
  await work();
  const cpuUs = cpuMicros() - cpu0;
  const usedAfter = process.memoryUsage().heapUsed;
  const stats = (profiler.stop()?.statistics ?? []) as unknown as GcStatistic[];
  let freed = 0;
  let promotedBytes = 0;
  let scavenges = 0;
  let majorGcs = 0;
  let gcPauseUs = 0;
  for (const s of stats) {
    freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
    gcPauseUs += s.cost;
    if (s.gcType === 'Scavenge') {
      scavenges++;
      promotedBytes += Math.max(0, oldSpace(s.afterGC) - oldSpace(s.beforeGC));
    } else if (s.gcType === 'MarkSweepCompact') majorGcs++;
  }
  return { cpuUs, allocatedBytes: usedAfter - usedBefore + freed, promotedBytes, scavenges, majorGcs, gcPauseUs };
}

/** The median of some numbers. */
export function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}
