import { describe, expect, it } from 'vitest';
import { joinDocuments, prebuiltRecords, splitDocument } from '../../../../src/connectors/ax/writer/document-parts.js';
import { buildXml, el, leaf, prebuilt, XmlBuildError } from '../../../../src/xml/build.js';

const NS = 'http://schemas.microsoft.com/dynamics/2008/01/documents/FreeTextInvoice';

function record(n: number, text = `Line & <${n}> "quoted"`) {
  return el('CustInvoiceTable', { class: 'entity' }, [leaf('DocumentNum', String(n)), el('CustInvoiceLine', { class: 'entity' }, [leaf('Description', text), leaf('AmountCur', '12.5000')]), leaf('Empty', '')]);
}

describe('prebuilt XML', () => {
  it('a prebuilt node is written as the same text as its tree, wherever it stands', () => {
    const tree = el('Root', { 'xmlns:a': 'urn:a' }, [record(1), null, record(2)]);
    expect(buildXml(prebuilt(tree))).toBe(buildXml(tree));
    expect(buildXml(el('Root', { 'xmlns:a': 'urn:a' }, [prebuilt(record(1)), null, record(2)]), { declaration: true })).toBe(buildXml(tree, { declaration: true }));
  });

  it('refuses what the tree would refuse, when it is made', () => {
    expect(() => prebuilt(record(1, 'bell \u0007'))).toThrow(XmlBuildError);
  });

  it('a document with prebuilt records splits, batches and is written as before', () => {
    const doc = el('FreeTextInvoice', { xmlns: NS }, [record(1), null, record(2)]);
    const other = el('FreeTextInvoice', { xmlns: NS }, [record(3)]);
    const before = [splitDocument('FreeTextInvoiceService', doc), splitDocument('FreeTextInvoiceService', other)];
    const after = [splitDocument('FreeTextInvoiceService', prebuiltRecords(doc)), splitDocument('FreeTextInvoiceService', prebuiltRecords(other))];
    expect(after.map((p) => [p.documentName, p.rootAttrs, p.records.length])).toEqual(before.map((p) => [p.documentName, p.rootAttrs, p.records.length]));
    expect(buildXml(joinDocuments(after))).toBe(buildXml(joinDocuments(before)));
  });

  it('a single record is prebuilt whole and still takes its document name from the service', () => {
    const parts = splitDocument('FreeTextInvoiceService', prebuiltRecords(record(7)));
    expect(parts.documentName).toBe('FreeTextInvoice');
    expect(buildXml(joinDocuments([parts]))).toBe(buildXml(joinDocuments([splitDocument('FreeTextInvoiceService', record(7))])));
  });

  it('leaves a document that cannot be written, or that holds no record list, as it is', () => {
    const bad = el('FreeTextInvoice', { xmlns: NS }, [record(1), record(2, 'bell \u0007')]);
    expect(prebuiltRecords(bad)).toBe(bad);
    const text = el('FreeTextInvoice', { xmlns: NS }, 'text');
    expect(prebuiltRecords(text)).toBe(text);
  });
});
