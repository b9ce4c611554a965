import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Dec } from '../../../../src/canonical/money.js';
import type { AxHttpTransport } from '../../../../src/connectors/ax/client/http-transport.js';
import { LiveAxReferenceData } from '../../../../src/connectors/ax/reference/live-reference.js';
import { snapshotFromWorld } from '../../../../src/mapping/reference/from-seed.js';
import type { ReferenceSnapshotInput } from '../../../../src/mapping/reference/snapshot-schema.js';
import { loadReferenceSnapshot } from '../../../../src/mapping/reference/snapshot.js';
import { buildWorld } from '../../../../src/sandbox/seed/world.js';
import { useSandbox } from '../../../helpers/sandbox.js';
import { axControl, sandboxClient } from '../writer/helpers.js';
import { rejection } from '../../../helpers/rejection.js';

const sb = useSandbox({ seed: 7 });
const transports: AxHttpTransport[] = [];
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
});

type Row = Record<string, unknown>;

/** Snapshot lists in a canonical order with decimals compared by value (AX writes 20 for 20.00). */
function normalize(s: ReferenceSnapshotInput): Record<string, unknown> {
  const dec = (v: unknown): string => new Dec(String(v)).toFixed();
  const sortBy = <T extends Row>(list: readonly T[] | undefined, key: (t: T) => string): T[] => [...(list ?? [])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    company: s.company,
    accountingCurrency: s.accountingCurrency,
    mainAccounts: sortBy(s.mainAccounts as Row[], (a) => String(a.id)),
    accountStructures: sortBy(s.accountStructures as Row[], (a) => String(a.name)),
    dimensions: sortBy(s.dimensions as Row[], (d) => String(d.name)).map((d) => ({ ...d, values: sortBy(d.values as Row[], (v) => String(v.value)) })),
    customerGroups: sortBy(s.customerGroups as Row[], (g) => String(g.id)),
    vendorGroups: sortBy(s.vendorGroups as Row[], (g) => String(g.id)),
    paymentTerms: sortBy(s.paymentTerms as Row[], (t) => String(t.id)),
    paymentModes: sortBy(s.paymentModes as Row[], (m) => String(m.id)),
    currencies: sortBy(s.currencies as Row[], (c) => String(c.code)),
    exchangeRates: sortBy(s.exchangeRates as Row[], (r) => `${String(r.from)} ${String(r.date)}`).map((r) => ({ ...r, rate: dec(new Dec(String(r.rate)).times(100).div(Number(r.displayFactor ?? 100))) , displayFactor: 100 })),
    taxCodes: sortBy(s.taxCodes as Row[], (t) => String(t.code)).map((t) => ({ ...t, rate: dec(t.rate) })),
    salesTaxGroups: sortBy(s.salesTaxGroups as Row[], (g) => String(g.id)),
    itemSalesTaxGroups: sortBy(s.itemSalesTaxGroups as Row[], (g) => String(g.id)),
    bankAccounts: sortBy(s.bankAccounts as Row[], (b) => String(b.id)),
    journalNames: sortBy(s.journalNames as Row[], (j) => String(j.id)),
    periods: sortBy(s.periods as Row[], (p) => String(p.month)),
    customers: sortBy(s.customers as Row[], (c) => String(c.accountNum)),
    vendors: sortBy(s.vendors as Row[], (c) => String(c.accountNum)),
    products: sortBy(s.products as Row[], (p) => String(p.itemId)),
  };
}

describe('LiveAxReferenceData against the AX sandbox', () => {
  const world = buildWorld({ seed: 7, today: '2026-11-26' });

  it('loads the same reference data as the seed snapshot (kfuk and kfie)', async () => {
    for (const company of ['kfuk', 'kfie']) {
      const live = await LiveAxReferenceData.load(sandboxClient(sb(), transports), { company });
      const expected = snapshotFromWorld(world, company);
      expect(normalize(live.snapshot())).toEqual(normalize(expected));
      expect(live.snapshot().customers?.length ?? 0).toBe(expected.customers?.length ?? 0);
    }
  });

  it('answers the mapping look-ups like the snapshot implementation', async () => {
    const live = await LiveAxReferenceData.load(sandboxClient(sb(), transports), { company: 'kfuk' });
    const seed = world.ax.companies.find((c) => c.id === 'kfuk');
    expect(live.company).toBe('kfuk');
    expect(live.accountingCurrency).toBe('GBP');
    expect(live.mainAccount('401100')).toMatchObject({ id: '401100', type: 'ProfitAndLoss' });
    expect(live.mainAccount('999000')).toBeUndefined();
    expect(live.accountStructure('MainAccount-BU-Dept')?.segments).toEqual(['MainAccount', 'BusinessUnit', 'Department']);
    expect(live.hasDimensionValue('BusinessUnit', '020')).toBe(true);
    expect(live.hasDimensionValue('BusinessUnit', '099')).toBe(false);
    expect(live.journalName('CustPay')).toEqual({ id: 'CustPay', type: 'CustPayment' });
    expect(live.taxCodeRate(seed?.taxCodes[0]?.code as string)?.equals(new Dec(seed?.taxCodes[0]?.rate as string))).toBe(true);
    const eur = seed?.exchangeRates.filter((r) => r.from === 'EUR').sort((a, b) => (a.date < b.date ? 1 : -1))[0];
    expect(live.exchangeRate('EUR', '2026-11-26')?.rate.equals(new Dec(eur?.rate as string))).toBe(true);
    expect(live.period('2026-11-20')).toMatchObject({ start: '2026-11-01', status: 'Open' });
    expect(live.customer('GRP-0001')).toMatchObject({ accountNum: 'GRP-0001', currency: 'GBP' });
    const product = seed?.products[0];
    expect(live.product(product?.itemId as string)).toEqual({ itemId: product?.itemId, name: product?.name, itemGroup: product?.itemGroup, itemTaxGroup: product?.itemTaxGroup });
  });

  it('refreshes: a main account added in AX appears, one removed disappears', async () => {
    const live = await LiveAxReferenceData.load(sandboxClient(sb(), transports), { company: 'kfuk' });
    const control = axControl(sb());
    expect((await control('POST', '/ax/kfuk/reference/mainAccounts', { id: '409900', name: 'Misc', type: 'ProfitAndLoss', structure: 'MainAccount only' })).status).toBe(201);
    expect(live.mainAccount('409900')).toBeUndefined();
    const before = live.loadedAt;
    const revision = live.revision;
    await Promise.all([live.refresh(), live.refresh()]);
    expect(live.mainAccount('409900')).toMatchObject({ name: 'Misc' });
    // The mapping remembers line decisions per revision: a refresh must change it.
    expect(live.revision).not.toBe(revision);
    expect(live.loadedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect((await control('DELETE', '/ax/kfuk/reference/mainAccounts/409900')).status).toBe(204);
    await live.refresh();
    expect(live.mainAccount('409900')).toBeUndefined();
  });

  it('fetches customers and products on demand when parties are not loaded up front', async () => {
    const live = await LiveAxReferenceData.load(sandboxClient(sb(), transports), { company: 'kfuk', parties: 'none' });
    expect(live.customer('GRP-0001')).toBeUndefined();
    const revision = live.revision;
    expect(await live.ensureCustomer('GRP-0001')).toMatchObject({ accountNum: 'GRP-0001', group: expect.any(String) });
    expect(live.customer('GRP-0001')).toBeDefined();
    // Every record fetched on demand changes an answer, and so the revision.
    const afterCustomer = live.revision;
    expect(afterCustomer).not.toBe(revision);
    expect(await live.ensureCustomer('NOBODY-9')).toBeUndefined();
    const product = world.ax.companies.find((c) => c.id === 'kfuk')?.products[1];
    expect(await live.ensureProduct(product?.itemId as string)).toEqual({ itemId: product?.itemId, name: product?.name, itemGroup: product?.itemGroup, itemTaxGroup: product?.itemTaxGroup });
    expect(live.revision).not.toBe(afterCustomer);
    expect(await live.ensureVendor('NOBODY-9')).toBeUndefined();
    expect(live.snapshot().customers).toEqual([expect.objectContaining({ accountNum: 'GRP-0001' })]);
  });

  it('writes a snapshot file that the snapshot loader reads back', async () => {
    const live = await LiveAxReferenceData.load(sandboxClient(sb(), transports), { company: 'kfuk' });
    const path = join(mkdtempSync(join(tmpdir(), 'kfax-axref-')), 'ax-reference.json');
    live.writeSnapshot(path);
    const back = loadReferenceSnapshot(path);
    expect(normalize(back.snapshot as unknown as ReferenceSnapshotInput)).toEqual(normalize(live.snapshot()));
    expect(back.mainAccount('401100')).toEqual(live.mainAccount('401100'));
  });

  it('names the service when the port calls it differently, and reads it under the configured name', async () => {
    const control = axControl(sb());
    expect((await control('PUT', '/ax/settings', { externalNames: { mainAccount: 'LedgerMainAccountService' } })).status).toBe(200);
    try {
      const err = await rejection(LiveAxReferenceData.load(sandboxClient(sb(), transports), { company: 'kfuk' }));
      expect(err.code).toBe('KFAX_AX_FAULT');
      expect(err.message).toMatch(/mainAccount reference data from MainAccountService/);
      const renamed = await LiveAxReferenceData.load(sandboxClient(sb(), transports), { company: 'kfuk', services: { mainAccount: { service: 'LedgerMainAccountService' } } });
      expect(renamed.mainAccount('401100')).toBeDefined();
      const skipped = await LiveAxReferenceData.load(sandboxClient(sb(), transports), { company: 'kfuk', skip: ['mainAccount'] });
      expect(skipped.mainAccount('401100')).toBeUndefined();
    } finally {
      expect((await control('PUT', '/ax/settings', { externalNames: { mainAccount: 'MainAccountService' } })).status).toBe(200); // settings merge
    }
  });

  it('fails without an accounting currency it can tell, unless one is configured', async () => {
    const err = await rejection(LiveAxReferenceData.load(sandboxClient(sb(), transports), { company: 'kfuk', skip: ['exchangeRates'] }));
    expect(err.code).toBe('KFAX_MAPPING_REFERENCE_INVALID');
    expect(err.message).toMatch(/accountingCurrency/);
    const live = await LiveAxReferenceData.load(sandboxClient(sb(), transports), { company: 'kfuk', skip: ['exchangeRates'], accountingCurrency: 'GBP' });
    expect(live.accountingCurrency).toBe('GBP');
  });
});
