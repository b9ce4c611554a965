/** AX 2012 AIF document types and their XML builders (shared by the mapping and the AX connector). */
export * from './types.js';
export { AX_SERVICES, type AxServiceKey, type AxServiceName } from './catalog.js';
export { buildAxDocument, axDocumentXml, type BuiltAxDocument } from './build.js';
export { defaultDimensionNode, ledgerDimensionNode } from './dimensions-xml.js';
export { DOCUMENTS_NS_BASE, SERVICES_NS, SHAREDTYPES_NS, XSI_NS, documentNamespace, soapAction } from './namespaces.js';
export { schemaOrder, recordNode, type AxRecord } from './record.js';
export { money, plain, noYes } from './format.js';
