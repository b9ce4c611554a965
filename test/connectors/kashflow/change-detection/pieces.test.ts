import { describe, expect, it } from 'vitest';
import { advancePartyCursor, decodePartyCursor, encodePartyCursor, normalizeTimestamp, shiftTimestamp } from '../../../../src/connectors/kashflow/change-detection/party-cursor.js';
import { mapSettledLimit } from '../../../../src/connectors/kashflow/change-detection/pool.js';
import { resolvePollerSettings } from '../../../../src/connectors/kashflow/change-detection/settings.js';
import { decodeSnapshot, encodeSnapshot } from '../../../../src/connectors/kashflow/change-detection/snapshot.js';
import { readDocumentSummary, readPaymentIds } from '../../../../src/connectors/kashflow/change-detection/summary.js';
import { isKfaxError } from '../../../../src/errors/kfax-error.js';

const row = {
  Number: 1042,
  CustomerCode: 'alde01',
  CustomerReference: 'PO-7',
  IssuedDate: '2026-11-20 12:00:00',
  DueDate: '2026-12-20 12:00:00',
  Status: 'Unpaid',
  NetAmount: '100.0000',
  VATAmount: '20.0000',
  GrossAmount: '120.0000',
  HomeCurrencyGrossAmount: '120.0000',
  TotalPaidAmount: '0.0000',
  DueAmount: '120.0000',
  LastPaymentDate: null,
  PaidDate: null,
  OverdueDays: 0,
};

describe('document summary', () => {
  it('hashes the fields that matter and ignores the ones that move daily or differ only in form', () => {
    const a = readDocumentSummary(row, 'invoice');
    expect(a).toMatchObject({ number: 1042, partyCode: 'ALDE01', issuedDate: '2026-11-20', status: 'Unpaid', hasPayments: false, settled: false, fullyPaid: false });
    // OverdueDays moves every day; 4 vs 2 decimals and key casing are the same value.
    const b = readDocumentSummary({ ...row, OverdueDays: 12, grossamount: 120, GrossAmount: undefined, IssuedDate: '2026-11-20 12:00:00 +01:00' }, 'invoice');
    expect(b.hash).toBe(a.hash);
    for (const change of [{ Status: 'Paid' }, { TotalPaidAmount: '10.0000' }, { DueAmount: '110.0000' }, { LastPaymentDate: '2026-11-21 12:00:00' }, { PaidDate: '2026-11-21 12:00:00' }, { CustomerReference: 'PO-8' }, { GrossAmount: '121.0000' }, { DeletedAt: '2026-11-22 10:00:00' }]) {
      expect(readDocumentSummary({ ...row, ...change }, 'invoice').hash, JSON.stringify(change)).not.toBe(a.hash);
    }
  });

  it('knows paid, overpaid and zero-total documents', () => {
    expect(readDocumentSummary({ ...row, Status: 'Paid', TotalPaidAmount: 120 }, 'invoice')).toMatchObject({ settled: true, fullyPaid: true, hasPayments: true });
    expect(readDocumentSummary({ ...row, Status: 'Overpaid' }, 'invoice')).toMatchObject({ settled: true, fullyPaid: true });
    expect(readDocumentSummary({ ...row, Status: 'NA' }, 'invoice')).toMatchObject({ settled: false, fullyPaid: true });
    expect(readDocumentSummary({ ...row, Status: 'Part Paid', TotalPaidAmount: 1 }, 'invoice')).toMatchObject({ settled: false, fullyPaid: false, hasPayments: true });
  });

  it('reads purchases by supplier and names the path of a bad row', () => {
    expect(readDocumentSummary({ Number: 7, SupplierCode: 'acme', Status: 'Unpaid' }, 'purchase').partyCode).toBe('ACME');
    for (const [bad, path] of [[{ Status: 'Unpaid' }, '$[3].Number'], [{ Number: -1 }, '$[3].Number'], [{ Number: 5, IssuedDate: 'yesterday' }, '$[3].IssuedDate'], [{ Number: 5, GrossAmount: 'lots' }, '$[3].GrossAmount']] as const) {
      try {
        readDocumentSummary(bad, 'invoice', '$[3]');
        expect.unreachable();
      } catch (err) {
        expect(isKfaxError(err) && err.code).toBe('KFAX_INPUT_INVALID');
        expect((err as Error).message).toContain(path);
      }
    }
  });

  it('reads payment line ids from a detail', () => {
    expect(readPaymentIds({ PaymentLines: [{ Id: 500002 }, { id: '500001' }] })).toEqual([500002, 500001]);
    expect(readPaymentIds({ PaymentLines: null })).toEqual([]);
    expect(() => readPaymentIds({ PaymentLines: [{ Amount: 1 }] })).toThrow(/PaymentLines\[0\]\.Id/);
  });
});

describe('snapshots', () => {
  it('round-trip and treat anything unreadable as absent', () => {
    const s = { h: 'abc', d: '2026-11-20', o: true, i: true, p: [3, 1], m: 2, r: true };
    expect(decodeSnapshot(encodeSnapshot(s))).toEqual({ ...s, p: [1, 3] });
    expect(decodeSnapshot(undefined)).toBeUndefined();
    for (const bad of ['not json', '{}', '{"h":1,"i":true,"p":[]}', '{"h":"x","i":true,"p":[1.5]}', 'null']) expect(decodeSnapshot(bad), bad).toBeUndefined();
  });
});

describe('customer cursor', () => {
  it('normalises KashFlow date-times (space or T, optional seconds, offsets to UTC) and rejects nonsense', () => {
    expect(normalizeTimestamp('2026-11-26 12:00:05')).toBe('2026-11-26 12:00:05');
    expect(normalizeTimestamp('2026-11-26T12:00:05')).toBe('2026-11-26 12:00:05');
    expect(normalizeTimestamp('2026-11-26 12:00')).toBe('2026-11-26 12:00:00');
    expect(normalizeTimestamp('2026-11-26 12:00:05.123')).toBe('2026-11-26 12:00:05');
    expect(normalizeTimestamp('2026-11-26 01:30:00 +05:30')).toBe('2026-11-25 20:00:00');
    expect(normalizeTimestamp('2026-11-26T12:00:00Z')).toBe('2026-11-26 12:00:00');
    for (const bad of ['', 'yesterday', '2026-02-30 10:00:00', '2026-11-26 25:00:00']) expect(normalizeTimestamp(bad), bad).toBeUndefined();
    expect(shiftTimestamp('2026-11-26 00:00:30', -60)).toBe('2026-11-25 23:59:30');
  });

  it('advances to the newest timestamp and keeps the rows within the overlap', () => {
    const first = advancePartyCursor(undefined, new Map([['A', '2026-11-26 10:00:00'], ['B', '2026-11-26 11:59:30'], ['C', '2026-11-26 12:00:00']]), 60);
    expect(first).toEqual({ at: '2026-11-26 12:00:00', recent: { B: '2026-11-26 11:59:30', C: '2026-11-26 12:00:00' } });
    const second = advancePartyCursor(first, new Map([['D', '2026-11-26 12:00:00']]), 0);
    expect(second).toEqual({ at: '2026-11-26 12:00:00', recent: { C: '2026-11-26 12:00:00', D: '2026-11-26 12:00:00' } });
    expect(advancePartyCursor(undefined, new Map(), 60)).toBeUndefined();
    expect(decodePartyCursor(encodePartyCursor(second!))).toEqual(second);
    for (const bad of ['x', '{}', '{"at":"2026-11-26"}', '{"at":5}']) expect(decodePartyCursor(bad), bad).toBeUndefined();
    expect(decodePartyCursor(null)).toBeUndefined();
  });
});

describe('poller settings', () => {
  it('fills defaults and names the key of a bad value', () => {
    const s = resolvePollerSettings({ perPage: 50 }, 'paid');
    expect(s).toMatchObject({ perPage: 50, hotWindowDays: 45, invoiceTrigger: 'paid', customerSource: 'rest', missingSweepsBeforeReport: 3, statusScan: 'both', purchases: false });
    const cases: [Parameters<typeof resolvePollerSettings>, RegExp][] = [
      [[{}, 'issued', { customerSource: 'ftp' as never }], /kashflow\.polling\.customerSource/],
      [[{}, 'issued', { missingSweepsBeforeReport: 1 }], /kashflow\.polling\.missingSweepsBeforeReport/],
      [[{}, 'issued', { syncFrom: '26/11/2026' }], /kashflow\.polling\.syncFrom.*yyyy-MM-dd/],
      [[{}, 'issued', { colour: 'red' } as never], /kashflow\.polling\.colour.*unknown key/],
      [[{ perPage: 0 }, 'issued'], /kashflow\.polling\.perPage/],
      [[{}, 'sometimes' as never], /flows\.invoiceTrigger/],
    ];
    for (const [args, message] of cases) {
      try {
        resolvePollerSettings(...args);
        expect.unreachable();
      } catch (err) {
        expect(isKfaxError(err) && err.code).toBe('KFAX_CONFIG_INVALID');
        expect((err as Error).message).toMatch(message);
      }
    }
  });
});

describe('bounded pool', () => {
  it('keeps order, limits concurrency and starts nothing new after a failure', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const out = await mapSettledLimit([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 * (7 - n)));
      running--;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50, 60]);
    expect(peak).toBe(2);
    started.length = 0;
    await expect(
      mapSettledLimit([1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
});
