import { describe, expect, it } from 'vitest';
import { FaultInjector, matchesPattern, sampleLatency } from '../../src/sandbox/faults/injector.js';
import { builtInProfile } from '../../src/sandbox/faults/profiles.js';
import { Rng } from '../../src/sandbox/seed/rng.js';

describe('FaultInjector', () => {
  it('applies a scripted rule exactly count times, only to matching operations', () => {
    const f = new FaultInjector(builtInProfile('fast'), 1);
    f.addRule({ system: 'ax', operation: 'FreeTextInvoiceService/*', fault: 'commitThenDrop', count: 2 });
    const read = { system: 'ax' as const, operation: 'FreeTextInvoiceService/read', isWrite: false };
    const create = { system: 'ax' as const, operation: 'FreeTextInvoiceService/create', isWrite: true };
    expect(f.decide(read).fault).toBeUndefined();
    expect(f.decide(create).fault?.kind).toBe('commitThenDrop');
    expect(f.decide({ ...create, system: 'kashflow' }).fault).toBeUndefined();
    expect(f.decide(create).fault?.kind).toBe('commitThenDrop');
    expect(f.decide(create).fault).toBeUndefined();
    expect(f.listRules()).toHaveLength(0);
    expect(f.statsFor('ax').byKind.commitThenDrop).toBe(2);
  });
  it('draws random faults at about the configured rate', () => {
    const p = builtInProfile('fast');
    p.kashflow.throttle = 0.1;
    const f = new FaultInjector(p, 7);
    let n = 0;
    for (let i = 0; i < 20_000; i++) if (f.decide({ system: 'kashflow', operation: 'GET /v2/invoices', isWrite: false }).fault?.kind === 'throttle') n++;
    expect(n / 20_000).toBeGreaterThan(0.09);
    expect(n / 20_000).toBeLessThan(0.11);
  });
  it('rejects an invalid rule naming the field', () => {
    const f = new FaultInjector(builtInProfile('fast'), 1);
    expect(() => f.addRule({ system: 'ax', fault: 'explode' as never })).toThrow(/fault/);
  });
});

describe('latency', () => {
  it('log-normal samples have about the requested median and stay under the cap', () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 5001 }, () => sampleLatency({ dist: 'lognormal', medianMs: 100, p99Ms: 500, maxMs: 2000 }, rng)).sort((a, b) => a - b);
    expect(xs[2500]).toBeGreaterThan(85);
    expect(xs[2500]).toBeLessThan(115);
    expect(xs[xs.length - 1]).toBeLessThanOrEqual(2000);
  });
  it('matches operation patterns case-insensitively', () => {
    expect(matchesPattern('GET /v2/invoices*', 'get /v2/invoices/12')).toBe(true);
    expect(matchesPattern('CustomerService/create', 'CustomerService/read')).toBe(false);
  });
});
