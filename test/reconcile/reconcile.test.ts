import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../src/canonical/money.js';
import { RestLedgerSource } from '../../src/reconcile/kashflow-source.js';
import { openStore } from '../../src/store/open-store.js';
import { controlRequest, useSandbox } from '../helpers/sandbox.js';
import { kfax, Ledgers, writeConfig } from './helpers.js';

const sb = useSandbox({ seed: 1 });
const L = new Ledgers(sb);
const axControl = (method: string, path: string, body?: unknown) => controlRequest(sb().endpoints.control.axUrl, method, path, body);

/** The seeded KashFlow invoices of 2026-08 … 2026-11 (open AX periods) carried into AX with their payments, as the flows would. */
const SYNCED = { from: '2026-08-01', to: '2026-11-30' };
let syncedCount = 0;

beforeAll(async () => {
  const list = await L.kf.rest.all<{ Number: unknown; IssuedDate: string; CustomerCode: string }>('/invoices', 100);
  for (const s of list) {
    const date = String(s.IssuedDate).slice(0, 10);
    if (date < SYNCED.from || date > SYNCED.to) continue;
    const n = Number(String((s.Number as { value?: string }).value ?? s.Number));
    await L.ensureCustomer(s.CustomerCode);
    await L.postInvoice(n);
    if (((await L.kfJson(n)) as { PaymentLines?: unknown[] }).PaymentLines?.length) await L.postPayments(n);
    syncedCount++;
  }
}, 120_000);

const json = (value: unknown): any => JSON.parse(JSON.stringify(value)); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('kfax reconcile (real HTTP against both sandboxes)', () => {
  it('a period where both ledgers agree: agree=true, exit 0, the same totals per month, customer and VAT rate', async () => {
    expect(syncedCount).toBeGreaterThan(15);
    const { path } = writeConfig(sb());
    const r = await kfax('reconcile', '--config', path, '--from', SYNCED.from, '--to', SYNCED.to, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.json;
    expect(out.agree).toBe(true);
    expect(out.period).toEqual(SYNCED);
    expect(out.matched).toBe(syncedCount);
    expect(out.kashflow.count).toBe(syncedCount);
    const { unrelated, ...ax } = out.ax;
    expect(unrelated).toBe(0);
    expect(ax).toEqual({ ...out.kashflow, byVatRate: expect.any(Object) });
    // Line counts may differ (the mapping splits consultancy lines); the money per rate may not.
    for (const [rate, b] of Object.entries(out.kashflow.byVatRate as Record<string, { net: unknown; vat: unknown }>)) expect({ rate, net: out.ax.byVatRate[rate].net, vat: out.ax.byVatRate[rate].vat }).toEqual({ rate, net: b.net, vat: b.vat });
    expect(Object.keys(out.kashflow.byMonth)).toEqual(['2026-08', '2026-09', '2026-10', '2026-11']);
    expect(Object.keys(out.kashflow.gross)).toEqual(['EUR', 'GBP']);
    expect(Object.keys(out.kashflow.byVatRate).sort()).toEqual(['0', '20', '5', 'exempt']);
    expect(out.payments.kashflow.count).toBeGreaterThan(5);
    expect(out.payments.ax).toEqual(out.payments.kashflow);
    expect([out.missing, out.extra, out.different, out.totalsDifferent, out.payments.missing, out.payments.extra, out.payments.different, out.errors]).toEqual([[], [], [], [], [], [], [], []]);
    // Money is decimal text with two decimals.
    expect(out.kashflow.gross.GBP).toMatch(/^\d+\.\d{2}$/);
    expect(out.kashflow.homeGross).toMatch(/^\d+\.\d{2}$/);
    expect(out.requests.kashflow).toBeGreaterThan(syncedCount);
    expect(out.notes).toContain('no kfax store found: documents are tied by DocumentNum only');
  });

  it('prints a readable report without --json', async () => {
    const { path } = writeConfig(sb());
    const r = await kfax('reconcile', '--config', path, '--from', '2026-10-01', '--to', '2026-10-31');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kfax reconcile 2026-10-01 … 2026-10-31: the ledgers AGREE');
    expect(r.stdout).toMatch(/ {2}2026-10 +invoices +4 \| +4 +gross GBP 9313\.17 \| GBP 9313\.17/);
    expect(r.stdout).toContain('By VAT rate:');
    expect(r.stdout).not.toContain('≠');
  });

  it('an invoice missing in AX is listed as missing, exit 1', async () => {
    const posted = await L.invoice('SALT01', '2027-01-05', [{ Quantity: 2, Rate: '10.00', NominalCode: 4000, VATLevel: 20 }]);
    const missing = await L.invoice('SALT01', '2027-01-20', [{ Quantity: 1, Rate: '55.50', NominalCode: 4000, VATLevel: 20 }]);
    await L.postInvoice(posted);
    const { path } = writeConfig(sb());
    const r = await kfax('reconcile', '--config', path, '--from', '2027-01-01', '--to', '2027-01-31', '--json');
    expect(r.code).toBe(1);
    expect(r.json.agree).toBe(false);
    expect(r.json.matched).toBe(1);
    expect(r.json.missing).toEqual([{ number: String(missing), date: '2027-01-20', customer: 'SALT01', currency: 'GBP', gross: '66.60' }]);
    expect(r.json.extra).toEqual([]);
    expect(r.json.different).toEqual([]);
    expect(r.json.totalsDifferent).toEqual(expect.arrayContaining([{ scope: 'total', key: '', field: 'count', kashflow: '2', ax: '1' }, { scope: 'vatRate', key: '20', field: 'vat.GBP', kashflow: '15.10', ax: '4.00' }]));
    const text = await kfax('reconcile', '--config', path, '--from', '2027-01-01', '--to', '2027-01-31');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('the ledgers DIFFER');
    expect(text.stdout).toMatch(new RegExp(`Missing in AX \\(1\\):\\n {2}${missing} +2027-01-20 {2}SALT01 +GBP 66\\.60`));
  });

  it('an AX invoice with a deliberately different line is listed as different, field by field', async () => {
    const n = await L.invoice('BEAC01', '2027-02-10', [
      { Quantity: 2, Rate: '10.00', NominalCode: 4000, VATLevel: 20 },
      { Quantity: 1, Rate: '5.00', NominalCode: 4000, VATLevel: 5 },
    ]);
    await L.postInvoice(n, (doc) => {
      const first = doc.lines[0];
      if (first) first.amountCur = first.amountCur.plus(1); // 21.00 instead of 20.00
    });
    const r = json(await L.reconcile({ from: '2027-02-01', to: '2027-02-28' }));
    expect(r.agree).toBe(false);
    expect(r.missing).toEqual([]);
    expect(r.different).toEqual([
      { number: String(n), field: 'gross', kashflow: '29.25', ax: '30.45' },
      { number: String(n), field: 'vat', kashflow: '4.25', ax: '4.45' },
      { number: String(n), field: 'net', kashflow: '25.00', ax: '26.00' },
      { number: String(n), field: 'net[20]', kashflow: '20.00', ax: '21.00' },
      { number: String(n), field: 'vat[20]', kashflow: '4.00', ax: '4.20' },
    ]);
    expect(r.totalsDifferent).toContainEqual({ scope: 'customer', key: 'BEAC01', field: 'gross.GBP', kashflow: '29.25', ax: '30.45' });
  });

  it('totals VAT per rate on both sides (20 %, 5 %, zero rated, exempt)', async () => {
    const n = await L.invoice('SALT01', '2027-03-03', [
      { Quantity: 3, Rate: '19.99', NominalCode: 4000, VATLevel: 20 },
      { Quantity: 2, Rate: '10.05', NominalCode: 4000, VATLevel: 5 },
      { Quantity: 1, Rate: '7.50', NominalCode: 4000, VATLevel: 0 },
      { Quantity: 1, Rate: '3.20', NominalCode: 4000, VATLevel: 0, VATExempt: true },
    ]);
    const m = await L.invoice('BEAC01', '2027-03-20', [{ Quantity: 4, Rate: '2.50', NominalCode: 4000, VATLevel: 20 }]);
    await L.postInvoice(n);
    await L.postInvoice(m);
    const r = json(await L.reconcile({ from: '2027-03-01', to: '2027-03-31' }));
    const expected = {
      '0': { net: { GBP: '7.50' }, vat: { GBP: '0.00' } },
      '5': { net: { GBP: '20.10' }, vat: { GBP: '1.01' } },
      '20': { net: { GBP: '69.97' }, vat: { GBP: '13.99' } }, // 59.97 + 10.00; 11.99 + 2.00
      exempt: { net: { GBP: '3.20' }, vat: { GBP: '0.00' } },
    };
    const money = (side: Record<string, { net: unknown; vat: unknown }>) => Object.fromEntries(Object.entries(side).map(([k, v]) => [k, { net: v.net, vat: v.vat }]));
    expect(money(r.kashflow.byVatRate)).toEqual(expected);
    expect(money(r.ax.byVatRate)).toEqual(expected);
    expect(r.kashflow.byVatRate['20'].lines).toBe(2);
    expect(r.agree).toBe(true);
  });

  it('compares payments with AX settlement: missing payment, settled amount, state; agrees once posted', async () => {
    const n = await L.invoice('SALT01', '2027-04-02', [{ Quantity: 1, Rate: '100.00', NominalCode: 4000, VATLevel: 20 }]);
    await L.pay(n, '50.00', '2027-04-10');
    await L.pay(n, '30.00', '2027-04-12');
    await L.postInvoice(n);
    expect(await L.postPayments(n, (i) => i === 0)).toBe(1);
    const period = { from: '2027-04-01', to: '2027-04-30' };
    const first = json(await L.reconcile(period));
    const kfPayments = ((await L.kfJson(n)) as { PaymentLines: { Id: unknown }[] }).PaymentLines.map((p) => String(p.Id));
    expect(first.agree).toBe(false);
    expect(first.payments.missing).toEqual([{ number: String(n), paymentId: kfPayments[1], date: '2027-04-12', amount: '30.00' }]);
    expect(first.different).toEqual([{ number: String(n), field: 'settled', kashflow: '80.00', ax: '50.00' }]);
    expect(first.payments.kashflow).toMatchObject({ count: 2, amount: { GBP: '80.00' }, settled: { GBP: '80.00' }, open: { GBP: '40.00' } });
    expect(first.payments.ax).toMatchObject({ count: 1, amount: { GBP: '50.00' }, settled: { GBP: '50.00' }, open: { GBP: '70.00' } });

    expect(await L.postPayments(n, (i) => i === 1)).toBe(1);
    expect(json(await L.reconcile(period)).agree).toBe(true);

    await L.pay(n, '40.00', '2027-04-15'); // now paid in full in KashFlow only
    const third = json(await L.reconcile(period));
    expect(third.different).toEqual([
      { number: String(n), field: 'settled', kashflow: '120.00', ax: '80.00' },
      { number: String(n), field: 'state', kashflow: 'settled', ax: 'partlySettled' },
    ]);
    expect(await L.postPayments(n, (i) => i === 2)).toBe(1);
    const done = json(await L.reconcile(period));
    expect(done.agree).toBe(true);
    expect(done.payments.ax).toMatchObject({ count: 3, amount: { GBP: '120.00' }, settled: { GBP: '120.00' }, open: { GBP: '0.00' } });
  });

  it('a foreign-currency invoice: compared in EUR to the penny and in GBP within the tolerance', async () => {
    const n = await L.invoice('CALD01', '2027-05-06', [{ Quantity: 3, Rate: '33.33', NominalCode: 4000, VATLevel: 0 }, { Quantity: 1, Rate: '250.00', NominalCode: 4000, VATLevel: 0 }]);
    await L.postInvoice(n);
    const period = { from: '2027-05-01', to: '2027-05-31' };
    const r = json(await L.reconcile(period));
    expect(r.agree).toBe(true);
    expect(r.kashflow.gross).toEqual({ EUR: '349.99' });
    expect(r.ax.gross).toEqual({ EUR: '349.99' });
    expect(r.kashflow.byCustomer).toEqual({ CALD01: { count: 1, gross: { EUR: '349.99' }, vat: { EUR: '0.00' }, net: { EUR: '349.99' } } });
    const kfHome = new Dec(r.kashflow.homeGross);
    const axHome = new Dec(r.ax.homeGross);
    expect(kfHome.gt(0) && kfHome.lt(new Dec('349.99'))).toBe(true); // EUR is worth less than GBP
    expect(kfHome.minus(axHome).abs().lte('0.02')).toBe(true);
    // The same invoice booked in AX at a wrong rate: the EUR amounts agree, the GBP value does not.
    const m = await L.invoice('CALD01', '2027-05-07', [{ Quantity: 1, Rate: '100.00', NominalCode: 4000, VATLevel: 0 }]);
    await L.postInvoice(m, (doc) => {
      doc.header.exchRate = new Dec('50');
    });
    const wrong = json(await L.reconcile(period));
    expect(wrong.different).toEqual([{ number: String(m), field: 'homeGross', kashflow: expect.stringMatching(/^8\d\.\d{2}$/), ax: '50.00' }]);
    expect(wrong.totalsDifferent).toEqual([]);
    expect(wrong.agree).toBe(false);
  });

  it('lists AX invoices with no KashFlow invoice and second copies as extra; AX-only invoices without a KashFlow number are left out', async () => {
    const n = await L.invoice('BEAC01', '2027-06-10', [{ Quantity: 1, Rate: '40.00', NominalCode: 4000, VATLevel: 20 }]);
    const first = await L.postInvoice(n);
    const copy = await L.postInvoice(n); // posted twice: the duplicate exactly-once must never produce
    await L.postInvoice(n, (doc) => {
      doc.header.documentNum = '999999';
    });
    await L.postInvoice(n, (doc) => {
      doc.header.documentNum = 'MANUAL-7';
    });
    const r = json(await L.reconcile({ from: '2027-06-01', to: '2027-06-30' }));
    expect(first).not.toBe(copy);
    expect(r.matched).toBe(1);
    expect(r.extra).toEqual([
      { number: String(n), invoiceId: copy, date: '2027-06-10', account: 'KF-BEAC01', currency: 'GBP', gross: '48.00', reason: 'duplicate' },
      { number: '999999', invoiceId: expect.stringMatching(/^FTI-/), date: '2027-06-10', account: 'KF-BEAC01', currency: 'GBP', gross: '48.00', reason: 'no KashFlow invoice' },
    ]);
    expect(r.ax.unrelated).toBe(1);
    expect(r.ax.count).toBe(3);
    expect(r.different).toEqual([]);
    expect(r.agree).toBe(false);
  });

  it('matches an invoice AX dated differently across months, and outside the period', async () => {
    const n = await L.invoice('SALT01', '2027-07-31', [{ Quantity: 1, Rate: '10.00', NominalCode: 4000, VATLevel: 20 }]);
    await L.postInvoice(n, (doc) => {
      doc.header.invoiceDate = '2027-08-01';
    });
    const both = json(await L.reconcile({ from: '2027-07-01', to: '2027-08-31' }));
    expect(both.missing).toEqual([]);
    expect(both.extra).toEqual([]);
    expect(both.different).toEqual([{ number: String(n), field: 'date', kashflow: '2027-07-31', ax: '2027-08-01' }]);
    expect(both.totalsDifferent).toContainEqual({ scope: 'month', key: '2027-07', field: 'count', kashflow: '1', ax: '0' });
    const july = json(await L.reconcile({ from: '2027-07-01', to: '2027-07-31' }));
    expect(july.missing).toEqual([]);
    expect(july.different).toEqual([{ number: String(n), field: 'date', kashflow: '2027-07-31', ax: '2027-08-01' }]);
    expect(july.ax.count).toBe(0);
    const august = json(await L.reconcile({ from: '2027-08-01', to: '2027-08-31' }));
    expect(august.extra).toEqual([]);
    expect(august.different).toEqual([{ number: String(n), field: 'date', kashflow: '2027-07-31', ax: '2027-08-01' }]);
  });

  it("ties documents through kfax's xref store when DocumentNum does not", async () => {
    const n = await L.invoice('SALT01', '2027-09-09', [{ Quantity: 1, Rate: '12.00', NominalCode: 4000, VATLevel: 20 }]);
    const invoiceId = await (async () => {
      await L.postInvoice(n, (doc) => {
        doc.header.documentNum = 'LOST';
      });
      return L.axInvoiceId('LOST');
    })();
    const { dir, path } = writeConfig(sb());
    const without = await kfax('reconcile', '--config', path, '--from', '2027-09-01', '--to', '2027-09-30', '--json');
    expect(without.code).toBe(1);
    expect(without.json.missing.map((m: { number: string }) => m.number)).toEqual([String(n)]);
    expect(without.json.ax.unrelated).toBe(1);
    const storePath = join(dir, 'kfax.sqlite');
    const store = await openStore(storePath);
    await store.recordXrefs([{ system: 'kashflow', entity: 'invoice', sourceId: String(n), targetId: invoiceId ?? '' }], Date.now());
    await store.close();
    const withStore = await kfax('reconcile', '--config', path, '--from', '2027-09-01', '--to', '2027-09-30', '--json');
    expect(withStore.json.missing).toEqual([]);
    expect(withStore.json.matched).toBe(1);
    expect(withStore.json.agree).toBe(true);
    expect(withStore.code).toBe(0);
  });

  it('reads a long period in parts when the AX port limits the documents per answer', async () => {
    expect((await axControl('PUT', '/ax/settings', { maxDocumentsPerResponse: 3 })).status).toBe(200);
    try {
      const r = json(await L.reconcile(SYNCED));
      expect(r.agree).toBe(true);
      expect(r.matched).toBe(syncedCount);
    } finally {
      await axControl('PUT', '/ax/settings', { maxDocumentsPerResponse: 1000 });
    }
  });

  it('finds every KashFlow invoice while KashFlow shifts list rows across page boundaries', async () => {
    const kfc = sb().endpoints.control.kashflowUrl;
    const period = { from: '2000-01-01', to: '2099-12-31' };
    const source = new RestLedgerSource(L.kf.rest, () => L.kf.requestCount(), { perPage: 5 });
    const stable = await source.invoicesIssued(period);
    expect(stable.length).toBe((await L.kf.rest.all('/invoices', 500)).length);
    expect(stable.length).toBeGreaterThan(20);
    expect(stable.map((i) => i.number)).toEqual([...new Set(stable.map((i) => i.number))].sort((a, b) => a - b));
    expect(stable.filter((i) => i.date >= '2026-10-01' && i.date <= '2026-10-31').length).toBe(4);
    // Every other page read moves a row across a boundary.
    expect((await controlRequest(kfc, 'PUT', '/kashflow/settings', { unstablePageShiftRate: 0.5 })).status).toBe(200);
    expect((await controlRequest(kfc, 'PUT', '/faults/profile', { name: 'fast', kashflow: { unstableListOrder: true } })).status).toBe(200);
    try {
      const before = L.kf.requestCount();
      for (let i = 0; i < 3; i++) expect(await source.invoicesIssued(period)).toEqual(stable);
      // The shifts were real: reading took more pages than three clean passes would.
      expect(L.kf.requestCount() - before).toBeGreaterThan(3 * Math.ceil(stable.length / 5));
    } finally {
      await controlRequest(kfc, 'PUT', '/faults/profile', { name: 'fast' });
      await controlRequest(kfc, 'PUT', '/kashflow/settings', { unstablePageShiftRate: 0.25 });
    }
  });
});

describe('kfax reconcile usage', () => {
  it('bad --from/--to: exit 2 naming the option, with the error as the last JSON line', async () => {
    const { path } = writeConfig(sb());
    const cases: [string[], string][] = [
      [['--from', '2026-02-30', '--to', '2026-03-31'], '--from: expected a calendar date as yyyy-MM-dd, got "2026-02-30"'],
      [['--from', '2026-02-01', '--to', 'yesterday'], '--to: expected a calendar date as yyyy-MM-dd, got "yesterday"'],
      [['--from', '2026-04-01', '--to', '2026-03-31'], '--from: 2026-04-01 is after --to 2026-03-31'],
    ];
    for (const [args, message] of cases) {
      const r = await kfax('reconcile', '--config', path, ...args, '--json');
      expect(r.code, message).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.json).toEqual({ error: { code: 'KFAX_CLI_USAGE', message } });
    }
  });

  it('a configuration without the ax: section, a missing --mapping or --store file: exit 2 naming what is wrong', async () => {
    const { dir } = writeConfig(sb());
    const noAx = join(dir, 'no-ax.yaml');
    const k = sb().endpoints.kashflow;
    (await import('node:fs')).writeFileSync(noAx, `kashflow:\n  restUrl: ${k.restUrl}\n  soapUrl: ${k.soapUrl}\n  username: ${k.username}\n  password: x\n  memorableWord: ${k.memorableWord}\n`);
    const r = await kfax('reconcile', '--config', noAx, '--from', '2026-10-01', '--to', '2026-10-31');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('KFAX_CONFIG_INVALID: invalid configuration at ax: is required by kfax reconcile');
    const { path } = writeConfig(sb());
    const noMapping = await kfax('reconcile', '--config', path, '--mapping', join(dir, 'nope.yaml'), '--to', '2026-10-31');
    expect(noMapping.code).toBe(2);
    expect(noMapping.stderr).toContain('--mapping: file not found');
    const noStore = await kfax('reconcile', '--config', path, '--store', join(dir, 'nope.sqlite'), '--to', '2026-10-31');
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toContain('--store: no such store');
    const unknownKey = writeConfig(sb(), 'reconcile:\n  homeCurrencyTolerance: lots\n');
    const badSetting = await kfax('reconcile', '--config', unknownKey.path, '--to', '2026-10-31');
    expect(badSetting.code).toBe(2);
    expect(badSetting.stderr).toContain('reconcile.homeCurrencyTolerance');
  });

  it('cannot reach a system: exit 1 with the reason (never "agree")', async () => {
    const { path } = writeConfig(sb(), 'reconcile:\n  services:\n    salesInvoice: NoSuchService\n');
    const r = await kfax('reconcile', '--config', path, '--from', '2026-10-01', '--to', '2026-10-31', '--json');
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('KFAX_AX_FAULT');
    expect(r.json.agree).toBeUndefined();
  });
});
