import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseXml } from '../../src/xml/tree.js';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function kfax(...args: string[]): Promise<number> {
  return main(['node', 'kfax', ...args]);
}

const dir = mkdtempSync(join(tmpdir(), 'kfax-mapping-cli-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function lastLine(): Record<string, unknown> {
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
}

describe('kfax mapping test', () => {
  it('--json prints documents and the explanation on the last line', async () => {
    expect(await kfax('mapping', 'test', '--config', 'examples/kfax-mapping.yaml', '--input', 'examples/documents/sales-invoice.json', '--reference', 'examples/ax-reference.json', '--json')).toBe(0);
    const r = lastLine() as { documents: { service: string; operation: string; xml: string }[]; explain: { path: string; value: string; rule: string }[]; mappingVersion: string };
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]?.service).toBe('FreeTextInvoiceService');
    expect(r.documents[0]?.operation).toBe('create');
    const root = parseXml(r.documents[0]?.xml as string);
    expect([root.name, root.ns]).toEqual(['FreeTextInvoice', 'http://schemas.microsoft.com/dynamics/2008/01/documents/FreeTextInvoice']);
    expect(r.explain.find((e) => e.path === 'CustInvoiceTable.CustInvoiceLine[1].LedgerDimension.Account')).toEqual({ path: 'CustInvoiceTable.CustInvoiceLine[1].LedgerDimension.Account', value: '401200', rule: 'accounts.nominals[4010] for nominal 4010' });
    expect(r.mappingVersion).toMatch(/^2026\.11\.1\+[0-9a-f]{12}$/);
  });

  it('infers every sample entity and honours --entity', async () => {
    for (const [name, service] of [['customer-payment', 'CustPaymJournalService'], ['purchase-invoice', 'PurchaseInvoiceService'], ['journal', 'GeneralJournalService'], ['customer', 'CustomerService'], ['supplier', 'VendTableService'], ['product', 'EcoResProductService']] as const) {
      out = '';
      expect(await kfax('mapping', 'test', '--config', 'examples/kfax-mapping.yaml', '--input', `examples/documents/${name}.json`, '--json'), name).toBe(0);
      expect((lastLine().documents as { service: string }[])[0]?.service).toBe(service);
    }
    out = '';
    expect(await kfax('mapping', 'test', '--config', 'examples/kfax-mapping.yaml', '--input', 'examples/documents/sales-invoice.json', '--entity', 'customer-payment')).toBe(2);
    expect(err).toContain('the invoice has no payment lines');
  });

  it('human output shows XML, totals and the explanation', async () => {
    expect(await kfax('mapping', 'test', '--config', 'examples/kfax-mapping.yaml', '--input', 'examples/documents/sales-invoice-eur.json', '--reference', 'examples/ax-reference.json')).toBe(0);
    expect(out).toContain('== FreeTextInvoiceService/create (FreeTextInvoice)');
    expect(out).toContain('GBP: net 165.40, VAT 0.00, gross 165.40');
    expect(out).toContain('CustInvoiceTable.ExchRate = "85.470085"');
  });

  it('an input that cannot be mapped exits 2 with the reason', async () => {
    const bad = file('vat.json', readFileSync('examples/documents/sales-invoice.json', 'utf8').replace('"VATAmount": 51.4900', '"VATAmount": 53.4900').replace('"GrossAmount": 308.9600', '"GrossAmount": 310.9600'));
    expect(await kfax('mapping', 'test', '--config', 'examples/kfax-mapping.yaml', '--input', bad, '--json')).toBe(2);
    expect(err).toContain('KFAX_MAPPING_VAT_DIFFERENCE: VAT difference of 2.00 on invoice 1101 exceeds the allowed 0.05');
    expect((lastLine().error as { code: string }).code).toBe('KFAX_MAPPING_VAT_DIFFERENCE');
  });

  it('malformed JSON, unknown entity and unknown shapes are usage errors (exit 2)', async () => {
    expect(await kfax('mapping', 'test', '--config', 'examples/kfax-mapping.yaml', '--input', file('bad.json', '{"Number": 1,'))).toBe(2);
    expect(err).toContain('KFAX_JSON_MALFORMED');
    expect(await kfax('mapping', 'test', '--config', 'examples/kfax-mapping.yaml', '--input', 'examples/documents/journal.json', '--entity', 'invoice')).toBe(2);
    expect(err).toContain('--entity: unknown entity "invoice"');
    expect(await kfax('mapping', 'test', '--config', 'examples/kfax-mapping.yaml', '--input', file('x.json', '{"Hello": "world"}'))).toBe(2);
    expect(err).toContain('KFAX_MAPPING_ENTITY_UNKNOWN');
    expect(await kfax('mapping', 'test', '--config', 'examples/kfax-mapping.yaml', '--input', join(dir, 'missing.json'))).toBe(2);
    expect(err).toContain('file not found');
  });
});

describe('kfax mapping validate', () => {
  it('reports a valid configuration and the reference check', async () => {
    expect(await kfax('mapping', 'validate', '--config', 'examples/kfax-mapping.yaml', '--reference', 'examples/ax-reference.json', '--json')).toBe(0);
    expect(lastLine()).toMatchObject({ ok: true, missing: [] });
  });

  it('schema errors name the path and exit 2', async () => {
    const bad = file('bad.yaml', readFileSync('examples/kfax-mapping.yaml', 'utf8').replace('rateSource: document', 'rateSource: sometimes'));
    expect(await kfax('mapping', 'validate', '--config', bad)).toBe(2);
    expect(err).toContain('KFAX_CONFIG_INVALID');
    expect(err).toContain('currency.rateSource');
  });

  it('lists what is missing in AX and exits 2', async () => {
    const bad = file('missing.yaml', readFileSync('examples/kfax-mapping.yaml', 'utf8').replace('    7100: "606100"', '    7100: "606199"'));
    expect(await kfax('mapping', 'validate', '--config', bad, '--reference', 'examples/ax-reference.json')).toBe(2);
    expect(out).toContain('missing main account "606199" (at accounts.nominals.7100)');
  });

  it('schema and reference-from-seed print what examples/ holds', async () => {
    expect(await kfax('mapping', 'schema')).toBe(0);
    expect(JSON.parse(out)).toEqual(JSON.parse(readFileSync('examples/kfax-mapping.schema.json', 'utf8')));
    out = '';
    expect(await kfax('mapping', 'reference-from-seed')).toBe(0);
    expect(JSON.parse(out)).toEqual(JSON.parse(readFileSync('examples/ax-reference.json', 'utf8')));
  });
});
