import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isKfaxError } from '../../src/errors/kfax-error.js';
import { snapshotFromWorld } from '../../src/mapping/reference/from-seed.js';
import { loadReferenceSnapshot, parseReferenceSnapshot } from '../../src/mapping/reference/snapshot.js';
import { checkAgainstReference } from '../../src/mapping/validate.js';
import { AX_ACCOUNT_PREFIX, buildWorld } from '../../src/sandbox/seed/world.js';
import { BANK_ACCOUNTS, EXEMPT_ITEM_TAX_GROUP, NOMINALS, VAT_RATES } from '../../src/sandbox/seed/chart.js';
import { exampleMapping, exampleMappingWith, seedReference } from './helpers.js';

describe('AX reference snapshot', () => {
  it('examples/ax-reference.json is the snapshot of the sandbox seed (seed 1, kfuk, 2026-11-26)', () => {
    const published = JSON.parse(readFileSync('examples/ax-reference.json', 'utf8')) as unknown;
    expect(published).toEqual(JSON.parse(JSON.stringify(snapshotFromWorld(buildWorld({ seed: 1, today: '2026-11-26' }), 'kfuk'))));
    const ref = loadReferenceSnapshot('examples/ax-reference.json');
    expect(ref.company).toBe('kfuk');
    expect(ref.mainAccount('401100')?.structure).toBe('MainAccount-BU-Dept');
    expect(ref.hasDimensionValue('Project', 'PRJ-003')).toBe(true);
    expect(ref.exchangeRate('EUR', '2026-11-26')?.displayFactor).toBe(100);
    expect(ref.exchangeRate('EUR', '2020-01-01')).toBeUndefined();
    expect(ref.period('2026-11-26')?.status).toBe('Open');
  });

  it('a broken snapshot names the path', () => {
    try {
      parseReferenceSnapshot({ format: 'kfax-ax-reference/1', company: 'kfuk', accountingCurrency: 'GBP', mainAccounts: [{ id: '1', name: 'x', type: 'Assets' }] });
      throw new Error('no error');
    } catch (err) {
      expect(isKfaxError(err) && err.code).toBe('KFAX_MAPPING_REFERENCE_INVALID');
      expect((err as Error).message).toContain('mainAccounts[0].type');
    }
  });
});

describe('the example configuration matches the seeded world', () => {
  it('every nominal maps to its axMainAccount, every bank and VAT rate to its AX code', () => {
    const c = exampleMapping().config;
    for (const n of NOMINALS) expect(c.accounts.nominals[String(n.code)], `nominal ${n.code}`).toBe(n.axMainAccount);
    for (const b of BANK_ACCOUNTS) expect(c.valueMaps.bankAccounts?.[String(b.id)], `bank ${b.id}`).toBe(b.axBankAccount);
    for (const v of VAT_RATES) expect(c.vat.itemTaxGroups[v.rate], `VAT ${v.rate}`).toBe(v.axItemTaxGroup);
    expect(c.vat.itemTaxGroups.exempt).toBe(EXEMPT_ITEM_TAX_GROUP);
    expect(c.parties.customerAccount).toBe(`${AX_ACCOUNT_PREFIX}{code}`);
    expect(c.company).toBe('kfuk');
  });

  it('validate finds nothing missing for the example against the seed', () => {
    const check = checkAgainstReference(exampleMapping(), seedReference());
    expect(check.missing).toEqual([]);
    expect(check.checked).toBeGreaterThan(100);
    expect(check.unchecked.join(' ')).toContain('JSONata');
  });

  it('lists every missing main account, dimension value, group, tax group and journal name', () => {
    const cm = exampleMappingWith((y) =>
      y
        .replace('    7900: "618100"', '    7900: "618199"')
        .replace('{ id: retail, value: "010" }', '{ id: retail, value: "099" }')
        .replace('    - value: UK\n  vendorGroup', '    - value: ZZ\n  vendorGroup')
        .replace('    - value: DOM\n', '    - value: DOMX\n')
        .replace('    exempt: EXEMPT', '    exempt: EXEMPTX')
        .replace('journalName: GenJrn', 'journalName: CustPay')
        .replace('    "4": CARDCLR', '    "4": NOBANK')
        .replace('company: kfuk', 'company: kfie'),
    );
    const missing = checkAgainstReference(cm, seedReference()).missing;
    const pairs = missing.map((m) => `${m.kind}=${m.value}@${m.path}`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        'main account=618199@accounts.nominals.7900',
        'dimension value BusinessUnit=099@dimensions.tables[1].table[5]',
        'customer group=ZZ@parties.customerGroup[3]',
        'sales tax group=DOMX@vat.taxGroup[6]',
        'item sales tax group=EXEMPTX@vat.itemTaxGroups.exempt',
        'journal name of type Daily=CustPay (AX type CustPayment)@documents.journal.journalName',
        'bank account=NOBANK@valueMaps.bankAccounts.4',
      ]),
    );
    expect(missing.some((m) => m.path === 'company')).toBe(true);
  });
});
