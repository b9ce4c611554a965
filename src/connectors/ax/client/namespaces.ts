/**
 * AIF wire names (dynamics-ax.md §1.2–1.5). Every namespace is `http://`, never `https://`.
 */
export const AIF_NS = {
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  services: 'http://schemas.microsoft.com/dynamics/2008/01/services',
  callContext: 'http://schemas.microsoft.com/dynamics/2010/01/datacontracts',
  serializationArrays: 'http://schemas.microsoft.com/2003/10/Serialization/Arrays',
  entityKeyList: 'http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKeyList',
  entityKey: 'http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKey',
  queryCriteria: 'http://schemas.microsoft.com/dynamics/2006/02/documents/QueryCriteria',
  fault: 'http://schemas.microsoft.com/dynamics/2008/01/documents/Fault',
  infolog: 'http://schemas.datacontract.org/2004/07/Microsoft.Dynamics.AX.Framework.Services',
  sharedTypes: 'http://schemas.microsoft.com/dynamics/2008/01/sharedtypes',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

/** Namespace of an AIF document, e.g. `Customer` → `http://schemas.microsoft.com/dynamics/2008/01/documents/Customer`. */
export function documentNamespace(documentName: string): string {
  return `http://schemas.microsoft.com/dynamics/2008/01/documents/${documentName}`;
}

/** `SOAPAction` of an operation: `http://schemas.microsoft.com/dynamics/2008/01/services/<ExternalName>/<op>`. */
export function soapActionFor(externalName: string, operation: string): string {
  return `${AIF_NS.services}/${externalName}/${operation}`;
}

/** Request wrapper element name: `CustomerService` + `create` → `CustomerServiceCreateRequest`. */
export function requestElementName(externalName: string, operation: string): string {
  return `${externalName}${operation.charAt(0).toUpperCase()}${operation.slice(1)}Request`;
}

/** Response wrapper element name: `CustomerServiceCreateResponse`. */
export function responseElementName(externalName: string, operation: string): string {
  return `${externalName}${operation.charAt(0).toUpperCase()}${operation.slice(1)}Response`;
}

/** AIF operations that change data (and so carry a MessageId for duplicate detection). */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set(['create', 'update', 'delete']);
