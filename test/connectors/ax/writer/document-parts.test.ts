import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchGroupKey, splitDocument, type DocumentParts } from '../../../../src/connectors/ax/writer/document-parts.js';
import { el, leaf } from '../../../../src/xml/build.js';

const NS = 'http://schemas.microsoft.com/dynamics/2008/01/documents/FreeTextInvoice';

/** The group key as it was written before the one-attribute shortcut. */
function referenceGroupKey(service: string, company: string | undefined, parts: DocumentParts): string {
  const attrs = Object.keys(parts.rootAttrs)
    .sort()
    .map((k) => `${k}=${parts.rootAttrs[k]}`)
    .join('\u0001');
  return [service, (company ?? '').toLowerCase(), parts.documentName, attrs].join('\u0000');
}

describe('document parts', () => {
  it('group keys are those of the sorted attribute list, with one root attribute or several', () => {
    const attrName = fc.constantFrom('xmlns', 'xmlns:xsi', 'xmlns:a', 'b');
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string(), { nil: undefined }), fc.dictionary(attrName, fc.string(), { minKeys: 0, maxKeys: 4 }), (service, company, rootAttrs) => {
        const parts: DocumentParts = { documentName: 'FreeTextInvoice', rootAttrs, records: [] };
        expect(batchGroupKey(service, company, parts)).toBe(referenceGroupKey(service, company, parts));
      }),
    );
  });

  it('a whole document keeps its defined root attributes in order and its records without falsy children', () => {
    const record = el('CustInvoiceTable', { class: 'entity' }, [leaf('DocumentNum', '1025')]);
    const parts = splitDocument('FreeTextInvoiceService', el('FreeTextInvoice', { xmlns: NS, 'xmlns:xsi': undefined, z: 'last' }, [null, record, undefined, false, record]));
    expect(parts).toEqual({ documentName: 'FreeTextInvoice', rootAttrs: { xmlns: NS, z: 'last' }, records: [record, record] });
    expect(Object.keys(parts.rootAttrs)).toEqual(['xmlns', 'z']);
    expect(() => splitDocument('FreeTextInvoiceService', el('FreeTextInvoice', { xmlns: NS }, [null]))).toThrow('<FreeTextInvoice> holds no record to create');
    expect(() => splitDocument('FreeTextInvoiceService', el('FreeTextInvoice', { xmlns: NS }, 'text'))).toThrow('<FreeTextInvoice> holds no record to create');
  });
});
