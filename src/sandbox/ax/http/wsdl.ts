import { buildXml, el, type XmlNode } from '../../../xml/build.js';
import type { PortCatalog } from '../catalog.js';
import { CALL_CONTEXT_NS, requestWrapperName, responseWrapperName, SERVICES_NS, soapAction } from '../namespaces.js';

const WSDL = 'http://schemas.xmlsoap.org/wsdl/';
const SOAP = 'http://schemas.xmlsoap.org/wsdl/soap/';
const XS = 'http://www.w3.org/2001/XMLSchema';

/**
 * A simplified WSDL of the integration port: every service's operations with their SOAP
 * actions, request/response wrappers and the CallContext header. Message bodies are typed
 * loosely (`xs:any`); the document schemas are described in docs/sandbox-ax.md.
 */
export function buildWsdl(catalog: PortCatalog, address: string): string {
  const types: XmlNode[] = [];
  const messages: XmlNode[] = [el('wsdl:message', { name: 'CallContextHeader' }, [el('wsdl:part', { name: 'context', element: 'cc:CallContext' })])];
  const portTypes: XmlNode[] = [];
  const bindings: XmlNode[] = [];
  const ports: XmlNode[] = [];
  for (const svc of catalog.all()) {
    const ops: XmlNode[] = [];
    const bops: XmlNode[] = [];
    for (const op of svc.operations) {
      const req = requestWrapperName(svc.externalName, op);
      const res = responseWrapperName(svc.externalName, op);
      types.push(el('xs:element', { name: req }, [el('xs:complexType', undefined, [el('xs:sequence', undefined, [el('xs:any', { minOccurs: '0', maxOccurs: 'unbounded', processContents: 'lax', namespace: '##any' })])])]));
      types.push(el('xs:element', { name: res }, [el('xs:complexType', undefined, [el('xs:sequence', undefined, [el('xs:any', { minOccurs: '0', maxOccurs: 'unbounded', processContents: 'lax', namespace: '##any' })])])]));
      messages.push(el('wsdl:message', { name: req }, [el('wsdl:part', { name: 'parameters', element: `tns:${req}` })]));
      messages.push(el('wsdl:message', { name: res }, [el('wsdl:part', { name: 'parameters', element: `tns:${res}` })]));
      ops.push(el('wsdl:operation', { name: op }, [el('wsdl:input', { message: `tns:${req}` }), el('wsdl:output', { message: `tns:${res}` })]));
      bops.push(
        el('wsdl:operation', { name: op }, [
          el('soap:operation', { soapAction: soapAction(svc.externalName, op), style: 'document' }),
          el('wsdl:input', undefined, [el('soap:header', { message: 'tns:CallContextHeader', part: 'context', use: 'literal' }), el('soap:body', { use: 'literal' })]),
          el('wsdl:output', undefined, [el('soap:body', { use: 'literal' })]),
        ]),
      );
    }
    portTypes.push(el('wsdl:portType', { name: svc.externalName }, ops));
    bindings.push(el('wsdl:binding', { name: `BasicHttpBinding_${svc.externalName}`, type: `tns:${svc.externalName}` }, [el('soap:binding', { transport: 'http://schemas.xmlsoap.org/soap/http' }), ...bops]));
    ports.push(el('wsdl:port', { name: `BasicHttpBinding_${svc.externalName}`, binding: `tns:BasicHttpBinding_${svc.externalName}` }, [el('soap:address', { location: address })]));
  }
  const callContext = el('xs:schema', { elementFormDefault: 'qualified', targetNamespace: CALL_CONTEXT_NS }, [
    el('xs:element', { name: 'CallContext' }, [
      el('xs:complexType', undefined, [
        el(
          'xs:sequence',
          undefined,
          ['Company', 'Language', 'LogonAsUser', 'MessageId', 'PartitionKey'].map((n) => el('xs:element', { name: n, type: 'xs:string', minOccurs: '0', nillable: 'true' })),
        ),
      ]),
    ]),
  ]);
  return buildXml(
    el('wsdl:definitions', { name: 'RoutingService', targetNamespace: SERVICES_NS, 'xmlns:wsdl': WSDL, 'xmlns:soap': SOAP, 'xmlns:xs': XS, 'xmlns:tns': SERVICES_NS, 'xmlns:cc': CALL_CONTEXT_NS }, [
      el('wsdl:types', undefined, [el('xs:schema', { elementFormDefault: 'qualified', targetNamespace: SERVICES_NS }, types), callContext]),
      ...messages,
      ...portTypes,
      ...bindings,
      el('wsdl:service', { name: 'RoutingService' }, ports),
    ]),
    { declaration: true },
  );
}
