import { describe, expect, it } from 'vitest';
import { SERVICE_DEFINITIONS } from '../../../src/sandbox/ax/catalog.js';
import * as N from '../../../src/sandbox/ax/namespaces.js';
import { childElement, parseXml, type XmlElement } from '../../../src/xml/tree.js';
import { useSandbox } from '../../helpers/sandbox.js';
import { AifClient, doc, entityKeys, f, rec } from './aif-client.js';

/**
 * Literal names from /work/shared/reference/dynamics-ax.md (§1.2–§1.5 and the binding
 * decisions). If one of these fails, the sandbox drifted away from the reference.
 */
const sb = useSandbox();
const ax = new AifClient(sb);

describe('name drift against the reference', () => {
  it('uses the literal http:// namespaces', () => {
    expect(N.SOAP11_NS).toBe('http://schemas.xmlsoap.org/soap/envelope/');
    expect(N.SERVICES_NS).toBe('http://schemas.microsoft.com/dynamics/2008/01/services');
    expect(N.CALL_CONTEXT_NS).toBe('http://schemas.microsoft.com/dynamics/2010/01/datacontracts');
    expect(N.ARRAYS_NS).toBe('http://schemas.microsoft.com/2003/10/Serialization/Arrays');
    expect(N.ENTITY_KEY_LIST_NS).toBe('http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKeyList');
    expect(N.ENTITY_KEY_NS).toBe('http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKey');
    expect(N.QUERY_CRITERIA_NS).toBe('http://schemas.microsoft.com/dynamics/2006/02/documents/QueryCriteria');
    expect(N.SHARED_TYPES_NS).toBe('http://schemas.microsoft.com/dynamics/2008/01/sharedtypes');
    expect(N.FAULT_NS).toBe('http://schemas.microsoft.com/dynamics/2008/01/documents/Fault');
    expect(N.INFOLOG_NS).toBe('http://schemas.datacontract.org/2004/07/Microsoft.Dynamics.AX.Framework.Services');
    expect(N.documentNamespace('Customer')).toBe('http://schemas.microsoft.com/dynamics/2008/01/documents/Customer');
    for (const value of Object.values(N)) if (typeof value === 'string') expect(value.startsWith('https://')).toBe(false);
  });

  it('forms SOAP actions and wrapper names as the reference shows', () => {
    expect(N.soapAction('CustomerService', 'read')).toBe('http://schemas.microsoft.com/dynamics/2008/01/services/CustomerService/read');
    expect(N.soapAction('VendGroupService', 'find')).toBe('http://schemas.microsoft.com/dynamics/2008/01/services/VendGroupService/find');
    expect(N.requestWrapperName('CustomerService', 'read')).toBe('CustomerServiceReadRequest');
    expect(N.requestWrapperName('VendTableService', 'create')).toBe('VendTableServiceCreateRequest');
    expect(N.requestWrapperName('CustomerService', 'findKeys')).toBe('CustomerServiceFindKeysRequest');
    expect(N.responseWrapperName('CustomerService', 'getChangedKeys')).toBe('CustomerServiceGetChangedKeysResponse');
    expect(N.CALL_CONTEXT_ORDER).toEqual(['Company', 'Language', 'LogonAsUser', 'MessageId', 'PartitionKey', 'PropertyBag']);
    expect(N.DUPLICATE_MESSAGE_TEXT).toBe('Duplicate message. Message has already been processed.');
    expect(N.GENERIC_FAULT_TEXT).toBe('Request Failed. See the Exception Log for details.');
  });

  it('defaults the catalog to the binding external and document names', () => {
    const names = Object.fromEntries(SERVICE_DEFINITIONS.map((d) => [d.id, [d.externalName, d.document.name, d.serviceClass]]));
    expect(names).toMatchObject({
      customer: ['CustomerService', 'Customer', 'CustCustomerService'],
      vendor: ['VendTableService', 'VendTable', 'VendVendTableService'],
      product: ['EcoResProductService', 'EcoResProduct', 'EcoResProductService'],
      item: ['ItemService', 'Item', 'InventItemService'],
      freeTextInvoice: ['FreeTextInvoiceService', 'FreeTextInvoice', 'CustFreeTextInvoiceService'],
      generalJournal: ['GeneralJournalService', 'LedgerGeneralJournal', 'LedgerGeneralJournalService'],
      custPaymJournal: ['CustPaymJournalService', 'CustPaymJournal', 'LedgerCustPaymJournalService'],
      purchaseInvoice: ['PurchaseInvoiceService', 'PurchaseInvoice', 'LedgerPurchaseInvoiceService'],
      customerTransaction: ['CustomerTransactionService', 'CustomerTransaction', 'CustomerTransactionService'],
      exchangeRates: ['ExchangeRatesService', 'ExchangeRates', 'LedgerExchangeRatesService'],
      vendGroup: ['VendGroupService', 'VendGroup', 'VendVendGroupService'],
    });
    const ops = Object.fromEntries(SERVICE_DEFINITIONS.map((d) => [d.id, [...d.operations].sort()]));
    expect(ops.freeTextInvoice).toEqual(['create']);
    expect(ops.custPaymJournal).toEqual(['create']);
    expect(ops.generalJournal).toEqual(['create', 'read']);
    expect(ops.customerTransaction).toEqual(['find', 'findKeys', 'read']);
    expect(ops.customer).toEqual(expect.arrayContaining(['create', 'read', 'update', 'delete', 'find', 'findKeys', 'getChangedKeys']));
  });

  it('writes EntityKeyList and the document exactly as the reference shows', async () => {
    const r = await ax.call('CustomerService', 'create', [doc('Customer', [rec('CustTable', [f('AccountNum', 'DRIFT-1'), f('Currency', 'GBP'), f('CustGroup', 'UK'), rec('DirParty', [f('Name', 'Drift Ltd')], { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' })])])]);
    expect(r.text).toContain(
      '<CustomerServiceCreateResponse xmlns="http://schemas.microsoft.com/dynamics/2008/01/services"><EntityKeyList xmlns="http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKeyList"><EntityKey xmlns="http://schemas.microsoft.com/dynamics/2006/02/documents/EntityKey"><KeyData><KeyField><Field>AccountNum</Field><Value>DRIFT-1</Value></KeyField></KeyData></EntityKey></EntityKeyList></CustomerServiceCreateResponse>',
    );
    const read = await ax.call('CustomerService', 'read', [entityKeys([[['AccountNum', 'DRIFT-1']]])]);
    expect(read.text).toContain('<CustomerServiceReadResponse xmlns="http://schemas.microsoft.com/dynamics/2008/01/services"><Customer xmlns="http://schemas.microsoft.com/dynamics/2008/01/documents/Customer"');
    expect(read.text).toContain('<CustTable class="entity"><_DocumentHash>');
    expect(read.text).toContain('<DirParty xsi:type="AxdEntity_DirParty_DirOrganization" class="entity">');
  });

  it('writes the AifFault detail with the reference element names in order', async () => {
    const r = await ax.call('CustomerService', 'create', [doc('Customer', [rec('CustTable', [f('Currency', 'GBP'), f('CustGroup', 'ZZ'), rec('DirParty', [f('Name', 'x')], { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' })])])]);
    expect(r.status).toBe(500);
    const env = parseXml(r.text);
    const fault = childElement(childElement(env, 'Body', N.SOAP11_NS) as XmlElement, 'Fault', N.SOAP11_NS) as XmlElement;
    expect(fault.children.map((c) => c.name)).toEqual(['faultcode', 'faultstring', 'detail']);
    const aif = childElement(childElement(fault, 'detail') as XmlElement, 'AifFault', N.FAULT_NS) as XmlElement;
    expect(aif.children.map((c) => `${c.ns}|${c.name}`)).toEqual(['CustomDetailXml', 'FaultMessageListArray', 'InfologMessageList', 'StackTrace', 'XppExceptionType'].map((n) => `${N.FAULT_NS}|${n}`));
    const list = childElement(childElement(aif, 'FaultMessageListArray', N.FAULT_NS) as XmlElement, 'FaultMessageList', N.FAULT_NS) as XmlElement;
    expect(list.children.map((c) => c.name)).toEqual(['Document', 'DocumentOperation', 'FaultMessageArray', 'Field', 'Service', 'ServiceOperation', 'ServiceOperationParameter', 'XPath', 'XmlLine', 'XmlPosition']);
    const message = childElement(childElement(list, 'FaultMessageArray', N.FAULT_NS) as XmlElement, 'FaultMessage', N.FAULT_NS) as XmlElement;
    expect(message.children.map((c) => c.name)).toEqual(['Code', 'Message']);
    expect(childElement(list, 'Service', N.FAULT_NS)?.text).toBe('CustCustomerService');
    expect(childElement(list, 'Document', N.FAULT_NS)?.text).toBe('Customer');
    const infolog = childElement(childElement(aif, 'InfologMessageList', N.FAULT_NS) as XmlElement, 'InfologMessage', N.INFOLOG_NS) as XmlElement;
    expect(infolog.children.map((c) => `${c.ns}|${c.name}`)).toEqual([`${N.INFOLOG_NS}|InfologMessageType`, `${N.INFOLOG_NS}|Message`]);
    expect(childElement(infolog, 'InfologMessageType', N.INFOLOG_NS)?.text).toBe('Error');
  });
});
