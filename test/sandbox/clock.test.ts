import { describe, expect, it } from 'vitest';
import { SandboxClock } from '../../src/sandbox/clock.js';

describe('SandboxClock.today', () => {
  it('follows the UTC date across midnight, pins and shifts (written once per day)', () => {
    const clock = new SandboxClock();
    clock.pin(new Date('2026-11-26T23:59:59.999Z'));
    expect(clock.today()).toBe('2026-11-26');
    expect(clock.today()).toBe('2026-11-26');
    clock.advance(1);
    expect(clock.today()).toBe('2026-11-27');
    clock.advance(-2);
    expect(clock.today()).toBe('2026-11-26');
    clock.pin(new Date('1969-12-31T12:00:00Z'));
    expect(clock.today()).toBe('1969-12-31');
    clock.pin(new Date('2026-03-01T00:00:00Z'));
    expect(clock.today()).toBe(clock.now().toISOString().slice(0, 10));
    clock.pin(new Date(Number.NaN));
    expect(() => clock.today()).toThrow(RangeError);
  });
});
