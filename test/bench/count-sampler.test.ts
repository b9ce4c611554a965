import { describe, expect, it } from 'vitest';
import { CountSampler } from '../../bench/e2e/count-sampler.js';

/** A sampler over scripted readings at scripted times (no timers involved). */
function scripted(readings: (number | Error)[], times: number[]): CountSampler {
  let i = 0;
  let t = 0;
  return new CountSampler(
    async () => {
      const r = readings[i++]!;
      if (r instanceof Error) throw r;
      return r;
    },
    1_000_000,
    () => times[t++]!,
  );
}

describe('CountSampler', () => {
  it('records readings with their times; a failed reading is skipped', async () => {
    const s = scripted([10, new Error('sandbox busy'), 30], [1000, 3000]);
    await s.sample();
    expect(await s.sample()).toBeUndefined();
    await s.sample();
    expect(s.samples).toEqual([{ at: 1000, count: 10 }, { at: 3000, count: 30 }]);
    expect(s.latest).toBe(30);
  });

  it('interpolates the count between samples and holds it outside their span', async () => {
    const s = scripted([10, 30, 30, 70], [1000, 2000, 3000, 5000]);
    for (let i = 0; i < 4; i++) await s.sample();
    expect(s.countAt(500)).toBe(10);
    expect(s.countAt(1500)).toBe(20);
    expect(s.countAt(2500)).toBe(30);
    expect(s.countAt(4000)).toBe(50);
    expect(s.countAt(9000)).toBe(70);
    expect(new CountSampler(async () => 1, 10).countAt(5)).toBe(0);
  });

  it('finds the first sample that reached a target', async () => {
    const s = scripted([10, 30, 70], [1000, 2000, 3000]);
    for (let i = 0; i < 3; i++) await s.sample();
    expect(s.firstAtLeast(30)).toEqual({ at: 2000, count: 30 });
    expect(s.firstAtLeast(31)).toEqual({ at: 3000, count: 70 });
    expect(s.firstAtLeast(71)).toBeUndefined();
  });

  it('samples in the background until stopped', async () => {
    let n = 0;
    const s = new CountSampler(async () => ++n, 5);
    s.start();
    await new Promise((r) => setTimeout(r, 60));
    s.stop();
    const taken = s.samples.length;
    expect(taken).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 30));
    expect(s.samples.length).toBe(taken);
    expect(s.samples.map((x) => x.count)).toEqual(Array.from({ length: taken }, (_, i) => i + 1));
  });
});
