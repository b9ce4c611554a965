/** AIF namespaces (reference §1.2, §3). On the wire every namespace is `http://`, never `https://`. */

/** Base of every AIF document namespace: `<base><DocName>`. */
export const DOCUMENTS_NS_BASE = 'http://schemas.microsoft.com/dynamics/2008/01/documents/';

/** Shared complex types (dimensions). */
export const SHAREDTYPES_NS = 'http://schemas.microsoft.com/dynamics/2008/01/sharedtypes';

/** AIF service request/response wrappers. */
export const SERVICES_NS = 'http://schemas.microsoft.com/dynamics/2008/01/services';

/** XML Schema instance (xsi:type). */
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** The namespace of one AIF document, e.g. `…/documents/FreeTextInvoice`. */
export function documentNamespace(documentName: string): string {
  return `${DOCUMENTS_NS_BASE}${documentName}`;
}

/** SOAPAction of an operation, e.g. `…/services/FreeTextInvoiceService/create`. */
export function soapAction(serviceExternalName: string, operation: string): string {
  return `${SERVICES_NS}/${serviceExternalName}/${operation}`;
}
