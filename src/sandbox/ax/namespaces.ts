/**
 * Wire names of AX 2012 AIF over SOAP 1.1 (reference `dynamics-ax.md` §1.2–§1.5, §3).
 * Every AX namespace on the wire is `http://…`; the TechNet pages that show `https://` are
 * machine-converted and wrong.
 */

/** SOAP 1.1 envelope namespace. */
export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** SOAP 1.2 envelope namespace (refused by basicHttpBinding with a VersionMismatch fault). */
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
/** Request/response wrappers and SOAPAction prefix. */
export const SERVICES_NS = 'http://schemas.microsoft.com/dynamics/2008/01/services';
/** `CallContext` header. */
export const CALL_CONTEXT_NS = 'http://schemas.microsoft.com/dynamics/2010/01/datacontracts';
/** `PropertyBag` items (`KeyValueOfstringstring`). */
export const ARRAYS_NS = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';
/** Document namespaces are this prefix plus the document name (e.g. `…/documents/Customer`). */
export const DOCUMENTS_NS_PREFIX = 'http://schemas.microsoft.com/dynamics/2008/01/documents/';
export const ENTITY_KEY_LIST_NS = 'http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKeyList';
export const ENTITY_KEY_NS = 'http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKey';
export const QUERY_CRITERIA_NS = 'http://schemas.microsoft.com/dynamics/2006/02/documents/QueryCriteria';
/**
 * `DocumentPaging` of getKeys/getChangedKeys. NOT FOUND in public sources [G]: the member
 * names (`Bookmark`, `PageSize`) come from a public client's proxy; the namespace follows the
 * pattern of EntityKeyList/QueryCriteria.
 */
export const DOCUMENT_PAGING_NS = 'http://schemas.microsoft.com/dynamics/2006/02/documents/DocumentPaging';
/** `EntityKeyPage` answer of getKeys/getChangedKeys [G, same pattern]. */
export const ENTITY_KEY_PAGE_NS = 'http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKeyPage';
/** Dimension and other shared complex types. */
export const SHARED_TYPES_NS = 'http://schemas.microsoft.com/dynamics/2008/01/sharedtypes';
/** `AifFault` detail. */
export const FAULT_NS = 'http://schemas.microsoft.com/dynamics/2008/01/documents/Fault';
/** `InfologMessage` inside `InfologMessageList`. */
export const INFOLOG_NS = 'http://schemas.datacontract.org/2004/07/Microsoft.Dynamics.AX.Framework.Services';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
/** WCF dispatcher fault codes (`a:ActionNotSupported` uses WS-Addressing). */
export const WS_ADDRESSING_NS = 'http://www.w3.org/2005/08/addressing';
export const WCF_DISPATCHER_NS = 'http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher';

/** `http://schemas.microsoft.com/dynamics/2008/01/services/<ExternalName>/<operation>`. */
export function soapAction(externalName: string, operation: string): string {
  return `${SERVICES_NS}/${externalName}/${operation}`;
}

/** Namespace of an AIF document (`…/documents/<DocName>`). */
export function documentNamespace(documentName: string): string {
  return DOCUMENTS_NS_PREFIX + documentName;
}

/** `CustomerService` + `read` → `CustomerServiceReadRequest`. */
export function requestWrapperName(externalName: string, operation: string): string {
  return `${externalName}${capitalise(operation)}Request`;
}

/** `CustomerService` + `read` → `CustomerServiceReadResponse`. */
export function responseWrapperName(externalName: string, operation: string): string {
  return `${externalName}${capitalise(operation)}Response`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Text AIF returns for a repeated MessageId (reference §1.4). */
export const DUPLICATE_MESSAGE_TEXT = 'Duplicate message. Message has already been processed.';
/** Fault text when the port does not include exceptions in faults (reference §1.5). */
export const GENERIC_FAULT_TEXT = 'Request Failed. See the Exception Log for details.';
/** Element order of `CallContext` children (reference §1.2). */
export const CALL_CONTEXT_ORDER = ['Company', 'Language', 'LogonAsUser', 'MessageId', 'PartitionKey', 'PropertyBag'] as const;
