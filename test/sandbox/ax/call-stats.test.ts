import { describe, expect, it } from 'vitest';
import type { AxCallStatsView } from '../../../src/sandbox/ax/http/call-stats.js';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { AifClient, entityKeys } from './aif-client.js';

const sb = useSandbox();
const ax = new AifClient(sb);
const control = (method: string, path: string, body?: unknown) => controlRequest(sb().endpoints.control.axUrl, method, path, body);
const stats = async (): Promise<AxCallStatsView> => (await control('GET', '/ax/stats')).body as AxCallStatsView;
const readCustomer = () => ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'GRP-0001']]])]);

describe('AX call statistics (/_sandbox/ax/stats)', () => {
  it('counts AIF calls per operation with the time they occupied the AOS and the injected latency', async () => {
    expect((await control('DELETE', '/ax/stats')).status).toBe(204);
    await control('POST', '/faults/rules', [
      { system: 'ax', operation: 'CustomerService/read', fault: 'delay', delayMs: 120, count: 2 },
      { system: 'ax', operation: 'CustomerService/read', fault: 'throttle', retryAfterSeconds: 1, count: 1 },
    ]);
    const before = Date.now();
    // Two delayed reads at once, then a throttled one, then a plain one.
    const [a, b] = await Promise.all([readCustomer(), readCustomer()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await readCustomer()).status).toBe(429);
    expect((await readCustomer()).status).toBe(200);
    // Refused before the AOS: wrong credentials and an unknown action are not counted as calls.
    expect((await ax.call('CustomerService', 'read', [], { authorization: 'Basic eDp5' })).status).toBe(401);
    expect((await ax.call('NoSuchService', 'read', [])).status).toBe(500);

    const s = await stats();
    expect(s.calls).toBe(4);
    expect(s.refused).toBe(2);
    expect(s.inFlight).toBe(0);
    expect(s.maxInFlight).toBeGreaterThanOrEqual(2);
    const read = s.byOperation['CustomerService/read'];
    expect(read).toMatchObject({ calls: 4, isWrite: false, injectedLatencyMs: 240, status: { '200': 3, '429': 1 }, faults: { throttle: 1 } });
    expect(read!.busyMs).toBeGreaterThanOrEqual(240);
    expect(read!.busyMs).toBeLessThan(5000);
    expect(read!.maxMs).toBeGreaterThanOrEqual(120);
    expect(s.busyMs).toBe(read!.busyMs);
    expect(s.firstStartMs).toBeGreaterThanOrEqual(before);
    expect(s.lastEndMs! - s.firstStartMs!).toBeGreaterThanOrEqual(120);
    expect(s.lastEndMs!).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('counts a dropped connection as dropped, and a reset (DELETE or sandbox reset) starts afresh', async () => {
    await control('DELETE', '/ax/stats');
    await control('POST', '/faults/rules', { system: 'ax', operation: 'CustomerService/read', fault: 'drop' });
    await expect(readCustomer()).rejects.toThrow();
    const s = await stats();
    expect(s.byOperation['CustomerService/read']).toMatchObject({ calls: 1, status: { dropped: 1 }, faults: { drop: 1 } });

    await control('DELETE', '/ax/stats');
    const empty = await stats();
    expect(empty).toMatchObject({ calls: 0, busyMs: 0, injectedLatencyMs: 0, firstStartMs: null, lastEndMs: null, refused: 0, byOperation: {} });

    await readCustomer();
    expect((await stats()).calls).toBe(1);
    await control('POST', '/reset', {});
    expect((await stats()).calls).toBe(0);
  });
});
