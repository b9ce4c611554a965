import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/canonical/money.js';
import { isKfaxError } from '../../src/errors/kfax-error.js';
import { compareDocuments, comparePayments } from '../../src/reconcile/compare.js';
import { settlementState, type LedgerDocument, type RateAmounts } from '../../src/reconcile/ledger-document.js';
import { midpoint, monthsOf, resolvePeriod } from '../../src/reconcile/period.js';
import { KeyTemplate } from '../../src/reconcile/templates.js';
import { LedgerTotals, totalsDifferences } from '../../src/reconcile/totals.js';
import { VatRateResolver, type AxTaxSetup } from '../../src/reconcile/vat-rates.js';

const d = (v: string | number): Dec => new Dec(v);

function doc(overrides: Partial<LedgerDocument> = {}): LedgerDocument {
  const rates = new Map<string, RateAmounts>([['20', { net: d('100'), vat: d('20'), lines: 1 }]]);
  return { number: '1001', ref: '1001', customer: 'SALT01', date: '2026-11-20', currency: 'GBP', net: d('100'), vat: d('20'), gross: d('120'), homeGross: d('120'), rates, settled: d(0), payments: [], state: 'open', ...overrides };
}

const rules = { homeTolerance: d('0.02'), homeCurrency: 'GBP', paymentsById: true };

describe('periods', () => {
  it('defaults, validates and names the option', () => {
    expect(resolvePeriod(undefined, undefined, '2026-11-26')).toEqual({ from: '2026-11-01', to: '2026-11-26' });
    expect(resolvePeriod('2026-10-15', undefined, '2026-11-26')).toEqual({ from: '2026-10-15', to: '2026-11-26' });
    expect(resolvePeriod(undefined, '2026-02-10', '2026-11-26')).toEqual({ from: '2026-02-01', to: '2026-02-10' });
    const bad = (from: string | undefined, to: string | undefined): string => {
      try {
        resolvePeriod(from, to, '2026-11-26');
        return 'no error';
      } catch (err) {
        return isKfaxError(err) ? `${err.code} ${err.message}` : String(err);
      }
    };
    expect(bad('2026-02-30', '2026-03-01')).toBe('KFAX_CLI_USAGE --from: expected a calendar date as yyyy-MM-dd, got "2026-02-30"');
    expect(bad('2026-02-01', '1/3/2026')).toBe('KFAX_CLI_USAGE --to: expected a calendar date as yyyy-MM-dd, got "1/3/2026"');
    expect(bad('2026-03-02', '2026-03-01')).toBe('KFAX_CLI_USAGE --from: 2026-03-02 is after --to 2026-03-01');
  });

  it('splits a period into clipped months, across years and leap days', () => {
    expect(monthsOf({ from: '2023-12-15', to: '2024-03-01' })).toEqual([
      { month: '2023-12', from: '2023-12-15', to: '2023-12-31' },
      { month: '2024-01', from: '2024-01-01', to: '2024-01-31' },
      { month: '2024-02', from: '2024-02-01', to: '2024-02-29' },
      { month: '2024-03', from: '2024-03-01', to: '2024-03-01' },
    ]);
    expect(monthsOf({ from: '2026-11-05', to: '2026-11-05' })).toEqual([{ month: '2026-11', from: '2026-11-05', to: '2026-11-05' }]);
    expect(midpoint('2026-11-01', '2026-11-30')).toBe('2026-11-15');
    expect(midpoint('2026-11-01', '2026-11-02')).toBe('2026-11-01');
    expect(midpoint('2026-11-01', '2026-11-01')).toBeUndefined();
  });
});

describe('key templates', () => {
  it('fill and read back, case-insensitively, with literal characters escaped', () => {
    const account = new KeyTemplate('KF-{code}', 'code');
    expect(account.fill('SALT01')).toBe('KF-SALT01');
    expect(account.extract('kf-salt01')).toBe('salt01');
    expect(account.extract('GRP-0001')).toBeUndefined();
    const payment = new KeyTemplate('KFPAY-{paymentId}', 'paymentId', '\\d+');
    expect(payment.extract('KFPAY-500031')).toBe('500031');
    expect(payment.extract('KFPAY-abc')).toBeUndefined();
    const dotted = new KeyTemplate('P.{number}/{year}', 'number', '\\d+');
    expect(dotted.extract('P.12/2026')).toBe('12');
    expect(dotted.extract('PX12/2026')).toBeUndefined();
    expect(new KeyTemplate('{number}', 'number', '\\d+').extract('1101')).toBe('1101');
    const without = new KeyTemplate('KF-PAYMENT', 'paymentId');
    expect(without.usable).toBe(false);
    expect(without.extract('KF-PAYMENT')).toBeUndefined();
  });
});

describe('VAT rate keys', () => {
  const tax: AxTaxSetup = {
    codes: new Map([
      ['VAT20', { rate: d(20), name: 'Standard rate' }],
      ['VAT5', { rate: d(5), name: 'Reduced rate' }],
      ['VAT0', { rate: d(0), name: 'Zero rate' }],
      ['EXE', { rate: d(0), name: 'Exempt' }],
    ]),
    salesTaxGroups: new Map([
      ['DOM', ['VAT20', 'VAT5', 'VAT0', 'EXE']],
      ['EU', ['VAT0', 'EXE']],
    ]),
    itemTaxGroups: new Map([
      ['STD', ['VAT20', 'VAT0']],
      ['RED', ['VAT5', 'VAT0']],
      ['ZERO', ['VAT0']],
      ['EXEMPT', ['EXE']],
    ]),
  };
  const mapping = { itemTaxGroups: { '20': 'STD', '5': 'RED', '0': 'ZERO', exempt: 'EXEMPT' }, roundingAccount: '618300' };

  it('reads AX lines through the tax codes AX applied', () => {
    const v = new VatRateResolver(tax, mapping);
    expect(v.axKey('DOM', 'STD')).toBe('20');
    expect(v.axKey('dom', 'red')).toBe('5');
    expect(v.axKey('DOM', 'ZERO')).toBe('0');
    expect(v.axKey('DOM', 'EXEMPT')).toBe('exempt');
    expect(v.axKey('EU', 'STD')).toBe('0'); // what AX charged an EU customer, whatever the item group
    expect(v.axKey('DOM', '')).toBe('none');
    expect(v.axKey('', 'STD')).toBe('none');
    expect(v.kashflowKey(d('20.00'), false)).toBe('20');
    expect(v.kashflowKey(d('17.5'), false)).toBe('17.5');
    expect(v.kashflowKey(d('0'), true)).toBe('exempt');
    expect(v.isRoundingLine('618300', '')).toBe(true);
    expect(v.isRoundingLine('618300', 'STD')).toBe(false);
    expect(v.isRoundingLine('401100', '')).toBe(false);
  });

  it('without a mapping: exemption from the tax code name; without AX tax setup: the mapping backwards', () => {
    const axOnly = new VatRateResolver(tax, undefined);
    expect(axOnly.axKey('DOM', 'EXEMPT')).toBe('exempt');
    expect(axOnly.axKey('DOM', 'ZERO')).toBe('0');
    expect(axOnly.isRoundingLine('618300', '')).toBe(false);
    const mappingOnly = new VatRateResolver(undefined, mapping);
    expect(mappingOnly.axKey('DOM', 'STD')).toBe('20');
    expect(mappingOnly.axKey('EU', 'STD')).toBe('20');
    expect(mappingOnly.axKey('DOM', 'OTHER')).toBe('group:OTHER');
    const ambiguous = new VatRateResolver(undefined, { itemTaxGroups: { '0': 'ZERO', '0.0': 'ZERO' } });
    expect(ambiguous.axKey('DOM', 'ZERO')).toBe('group:ZERO');
  });
});

describe('document comparison', () => {
  it('agrees on identical documents and names every differing field', () => {
    expect(compareDocuments(doc(), doc({ ref: 'FTI-000001', account: 'KF-SALT01' }), rules)).toEqual([]);
    const ax = doc({ customer: 'GRP-0001', date: '2026-11-21', gross: d('121'), vat: d('21'), rates: new Map([['20', { net: d('100'), vat: d('21'), lines: 1 }]]), settled: d('121'), state: 'settled' });
    expect(compareDocuments(doc(), ax, rules).map((x) => [x.field, x.kashflow, x.ax])).toEqual([
      ['customer', 'SALT01', 'GRP-0001'],
      ['date', '2026-11-20', '2026-11-21'],
      ['gross', '120.00', '121.00'],
      ['vat', '20.00', '21.00'],
      ['vat[20]', '20.00', '21.00'],
      ['settled', '0.00', '121.00'],
      ['state', 'open', 'settled'],
    ]);
  });

  it('compares the home currency within the tolerance, and VAT rates present on one side only', () => {
    const eur = { currency: 'EUR', homeGross: d('102.56') };
    expect(compareDocuments(doc(eur), doc({ ...eur, homeGross: d('102.58') }), rules)).toEqual([]);
    expect(compareDocuments(doc(eur), doc({ ...eur, homeGross: d('102.59') }), rules)).toEqual([{ number: '1001', field: 'homeGross', kashflow: '102.56', ax: '102.59' }]);
    // In the home currency the gross already says it.
    expect(compareDocuments(doc(), doc({ gross: d('121'), homeGross: d('121') }), rules).map((x) => x.field)).toEqual(['gross']);
    const split = doc({ rates: new Map([['20', { net: d('50'), vat: d('20'), lines: 1 }], ['0', { net: d('50'), vat: d('0'), lines: 1 }]]) });
    expect(compareDocuments(doc(), split, rules).map((x) => [x.field, x.kashflow, x.ax])).toEqual([
      ['net[0]', null, '50.00'],
      ['vat[0]', null, '0.00'],
      ['net[20]', '100.00', '50.00'],
    ]);
  });

  it('an overpaid KashFlow invoice agrees with an AX invoice settled in full', () => {
    const kf = doc({ settled: d('150'), state: settlementState(d('120'), d('120')), payments: [{ id: '7', date: '2026-11-21', amount: d('150') }] });
    const ax = doc({ settled: d('120'), state: 'settled', payments: [{ id: '7', date: '2026-11-21', amount: d('150') }] });
    expect(compareDocuments(kf, ax, rules)).toEqual([]);
    expect(comparePayments(kf, ax, rules)).toEqual({ missing: [], extra: [], different: [] });
  });

  it('payments: missing, extra, different amount and date, and count/amount only without ids', () => {
    const kf = doc({ payments: [{ id: '1', date: '2026-11-21', amount: d('50') }, { id: '2', date: '2026-11-22', amount: d('20') }, { id: '3', date: '2026-11-23', amount: d('5') }] });
    const ax = doc({ payments: [{ id: '1', date: '2026-11-21', amount: d('50') }, { id: '2', date: '2026-11-25', amount: d('25') }, { id: 'ax:MANUAL-9', date: '2026-11-24', amount: d('5') }] });
    const r = comparePayments(kf, ax, rules);
    expect(r.missing).toEqual([{ number: '1001', paymentId: '3', date: '2026-11-23', amount: '5.00' }]);
    expect(r.extra).toEqual([{ number: '1001', paymentId: 'ax:MANUAL-9', date: '2026-11-24', amount: '5.00' }]);
    expect(r.different).toEqual([
      { number: '1001', paymentId: '2', field: 'amount', kashflow: '20.00', ax: '25.00' },
      { number: '1001', paymentId: '2', field: 'date', kashflow: '2026-11-22', ax: '2026-11-25' },
    ]);
    const byTotal = comparePayments(kf, ax, { ...rules, paymentsById: false });
    expect(byTotal.different).toEqual([{ number: '1001', paymentId: '*', field: 'amount', kashflow: '75.00', ax: '80.00' }]);
  });

  it('settlement states from amounts', () => {
    expect(settlementState(d(120), d(0))).toBe('open');
    expect(settlementState(d(120), d(20))).toBe('partlySettled');
    expect(settlementState(d(120), d(120))).toBe('settled');
    expect(settlementState(d(0), d(0))).toBe('none');
  });
});

describe('totals', () => {
  it('per month, customer and VAT rate, per currency, and where they differ', () => {
    const kf = new LedgerTotals();
    const ax = new LedgerTotals();
    kf.add(doc());
    kf.add(doc({ number: '1002', currency: 'EUR', customer: 'CALD01', date: '2026-10-02', homeGross: d('100.00') }));
    ax.add(doc());
    ax.add(doc({ number: '1002', currency: 'EUR', customer: 'CALD01', date: '2026-11-02', homeGross: d('100.01'), gross: d('121'), vat: d('21') }));
    const json = kf.toJSON() as { gross: unknown; homeGross: string; byMonth: Record<string, unknown>; byVatRate: Record<string, unknown> };
    expect(json.gross).toEqual({ EUR: '120.00', GBP: '120.00' });
    expect(json.homeGross).toBe('220.00');
    expect(Object.keys(json.byMonth)).toEqual(['2026-10', '2026-11']);
    expect(json.byVatRate).toEqual({ '20': { lines: 2, net: { EUR: '100.00', GBP: '100.00' }, vat: { EUR: '20.00', GBP: '20.00' } } });
    expect(totalsDifferences(kf, kf)).toEqual([]);
    expect(totalsDifferences(kf, ax).map((t) => `${t.scope}:${t.key}:${t.field}:${t.kashflow}:${t.ax}`)).toEqual([
      'total::gross.EUR:120.00:121.00',
      'total::vat.EUR:20.00:21.00',
      'month:2026-10:count:1:0',
      'month:2026-10:gross.EUR:120.00:0.00',
      'month:2026-10:vat.EUR:20.00:0.00',
      'month:2026-10:net.EUR:100.00:0.00',
      'month:2026-11:count:1:2',
      'month:2026-11:gross.EUR:0.00:121.00',
      'month:2026-11:vat.EUR:0.00:21.00',
      'month:2026-11:net.EUR:0.00:100.00',
      'customer:CALD01:gross.EUR:120.00:121.00',
      'customer:CALD01:vat.EUR:20.00:21.00',
    ]);
  });
});
