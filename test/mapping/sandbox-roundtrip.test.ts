import { describe, expect, it } from 'vitest';
import { sum } from '../../src/canonical/money.js';
import { connectKashflow } from '../../src/connectors/kashflow/client/connector.js';
import { parseKashflowCustomer, parseKashflowInvoice, parseKashflowPurchase, parseKashflowSupplier } from '../../src/connectors/kashflow/wire/index.js';
import { mapCanonical, mappedDocumentXml, type MappedDocument } from '../../src/mapping/engine.js';
import { parseXml } from '../../src/xml/tree.js';
import { useSandbox } from '../helpers/sandbox.js';
import { exampleMapping, seedReference } from './helpers.js';

/**
 * The example configuration must match the seeded world: every historical document and
 * master record the KashFlow sandbox serves (real HTTP, real client) parses leniently and maps
 * with the example configuration and the seed's AX reference data, totals intact.
 */
describe('KashFlow sandbox documents map with the example configuration', () => {
  const sandbox = useSandbox({ seed: 1 });
  const cm = exampleMapping();
  const reference = seedReference();

  it('every invoice, purchase, customer and supplier', async () => {
    const e = sandbox().endpoints.kashflow;
    const kf = connectKashflow({ restUrl: e.restUrl, soapUrl: e.soapUrl, credentials: { username: e.username, password: e.password, memorableWord: e.memorableWord } });
    try {
      const invoices = await kf.rest.all<{ Number: number }>('/invoices', 100);
      const purchases = await kf.rest.all<{ Number: number }>('/purchases', 100);
      const customers = await kf.rest.all<{ Code: string }>('/customers', 100);
      const suppliers = await kf.rest.all<{ Code: string }>('/suppliers', 100);
      expect(invoices.length).toBeGreaterThan(10);
      expect(purchases.length).toBeGreaterThan(5);
      let mapped = 0;
      for (const s of invoices) {
        const inv = parseKashflowInvoice(await kf.rest.get(`/invoices/${s.Number}`));
        const r = await mapCanonical(cm, { entity: 'sales-invoice', record: inv }, { reference });
        const t = r.totals;
        expect(t && sum(t.lines.map((l) => l.amount.plus(l.axVat))).eq(inv.gross), `invoice ${inv.number}`).toBe(true);
        parseXml(mappedDocumentXml(r.documents[0] as MappedDocument));
        mapped++;
      }
      for (const s of purchases) {
        const p = parseKashflowPurchase(await kf.rest.get(`/purchases/${s.Number}`));
        const r = await mapCanonical(cm, { entity: 'purchase-invoice', record: p }, { reference });
        expect(r.totals && sum(r.totals.lines.map((l) => l.amount.plus(l.axVat))).eq(p.gross), `purchase ${p.number}`).toBe(true);
        mapped++;
      }
      for (const s of customers) {
        const c = parseKashflowCustomer(await kf.rest.get(`/customers/${encodeURIComponent(s.Code)}`));
        const r = await mapCanonical(cm, { entity: 'customer', record: c }, { reference });
        expect(r.documents[0]?.service).toBe('CustomerService');
        mapped++;
      }
      for (const s of suppliers) {
        const c = parseKashflowSupplier(await kf.rest.get(`/suppliers/${encodeURIComponent(s.Code)}`));
        const r = await mapCanonical(cm, { entity: 'supplier', record: c }, { reference });
        expect(r.documents[0]?.service).toBe('VendTableService');
        mapped++;
      }
      expect(mapped).toBe(invoices.length + purchases.length + customers.length + suppliers.length);
    } finally {
      await kf.close();
    }
  });
});
