import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hasWrk, runWrk } from '../../bench/lib/wrk.js';
import { pacedDelayLua } from '../../bench/lib/wrk-pace.js';

describe('pacedDelayLua', () => {
  it('refuses a rate that is not a positive number', () => {
    for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => pacedDelayLua(bad)).toThrow(/ratePerThread must be a positive number/);
  });

  it('defines wrk’s delay() hook with the interval of the rate', () => {
    const lua = pacedDelayLua(400);
    expect(lua).toContain('function delay()');
    expect(lua).toContain('local pace_interval_ms = 2.5');
  });
});

// Over real HTTP with wrk (installed by .ci/run; skipped without it): a fast server answers at
// once, so without pacing 8 connections would send thousands of requests a second.
describe('wrk paced by pacedDelayLua', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('offers the rate asked for, not what the connections could send', async (ctx) => {
    if (!(await hasWrk())) ctx.skip();
    let received = 0;
    server = createServer((_req, res) => {
      received++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const rate = 200;
    const seconds = 3;
    const result = await runWrk({ url: `http://127.0.0.1:${port}/`, durationSeconds: seconds, connections: 8, threads: 1, lua: pacedDelayLua(rate) });
    expect(result.non2xx).toBe(0);
    // The schedule allows rate × seconds requests (+ the first at once); wrk's start and stop
    // cost a little of the window.
    expect(received).toBeGreaterThanOrEqual(rate * seconds * 0.9);
    expect(received).toBeLessThanOrEqual(rate * seconds + 2);
  }, 30_000);
});
