import type { AxCompanySeed, World } from '../../sandbox/seed/types.js';
import { SNAPSHOT_FORMAT, type ReferenceSnapshotInput } from './snapshot-schema.js';

/** A reference snapshot of one company of the seeded sandbox world (what `examples/ax-reference.json` holds). */
export function snapshotFromWorld(world: World, companyId: string): ReferenceSnapshotInput {
  const c = world.ax.companies.find((x) => x.id === companyId);
  if (!c) throw new RangeError(`no company "${companyId}" in the seed (have: ${world.ax.companies.map((x) => x.id).join(', ')})`);
  return snapshotFromCompany(c, `AX sandbox seed ${world.seed}, company ${c.id}, today ${world.today}`);
}

function snapshotFromCompany(c: AxCompanySeed, description: string): ReferenceSnapshotInput {
  return {
    format: SNAPSHOT_FORMAT,
    company: c.id,
    accountingCurrency: c.accountingCurrency,
    description,
    mainAccounts: c.mainAccounts.map((a) => ({ id: a.id, name: a.name, type: a.type, structure: a.structure })),
    accountStructures: c.accountStructures.map((s) => ({ name: s.name, segments: s.segments.slice(), delimiter: s.delimiter })),
    dimensions: c.dimensions.map((d) => ({ name: d.name, values: d.values.map((v) => ({ value: v.value, description: v.description })) })),
    customerGroups: c.customerGroups.map((g) => ({ ...g })),
    vendorGroups: c.vendorGroups.map((g) => ({ ...g })),
    paymentTerms: c.paymentTerms.map((t) => ({ ...t })),
    paymentModes: c.paymentModes.map((m) => ({ ...m })),
    currencies: c.currencies.map((x) => ({ ...x })),
    exchangeRates: c.exchangeRates.map((r) => ({ ...r })),
    taxCodes: c.taxCodes.map((t) => ({ ...t })),
    salesTaxGroups: c.salesTaxGroups.map((g) => ({ id: g.id, codes: g.codes.slice() })),
    itemSalesTaxGroups: c.itemSalesTaxGroups.map((g) => ({ id: g.id, codes: g.codes.slice() })),
    bankAccounts: c.bankAccounts.map((b) => ({ ...b })),
    journalNames: c.journalNames.map((j) => ({ ...j })),
    periods: c.periods.map((p) => ({ ...p })),
    customers: c.customers.map((p) => ({ accountNum: p.accountNum, name: p.name, group: p.group, currency: p.currency })),
    vendors: c.vendors.map((p) => ({ accountNum: p.accountNum, name: p.name, group: p.group, currency: p.currency })),
    products: c.products.map((p) => ({ itemId: p.itemId, name: p.name, itemGroup: p.itemGroup, itemTaxGroup: p.itemTaxGroup })),
  };
}
