import { buildXml, el, type XmlNode } from '../../../xml/build.js';
import { KASHFLOW_NS } from './envelope.js';
import { SOAP_METHODS } from './methods.js';
import { fieldDef, SOAP_ARRAYS, SOAP_TYPES } from './types.js';

const WSDL = 'http://schemas.xmlsoap.org/wsdl/';
const XS = 'http://www.w3.org/2001/XMLSchema';
const WSDL_SOAP11 = 'http://schemas.xmlsoap.org/wsdl/soap/';
const WSDL_SOAP12 = 'http://schemas.xmlsoap.org/wsdl/soap12/';
const HTTP_TRANSPORT = 'http://schemas.xmlsoap.org/soap/http';

function element(spec: string): XmlNode {
  const f = fieldDef(spec);
  return el('s:element', { minOccurs: f.optional ? '0' : '1', maxOccurs: '1', name: f.name, type: f.type });
}

function complexTypes(): XmlNode[] {
  const types = Object.entries(SOAP_TYPES).map(([name, fields]) => el('s:complexType', { name }, [el('s:sequence', undefined, fields.map(element))]));
  const arrays = Object.entries(SOAP_ARRAYS).map(([name, item]) =>
    el('s:complexType', { name }, [el('s:sequence', undefined, [el('s:element', { minOccurs: '0', maxOccurs: 'unbounded', name: item, nillable: 'true', ...(item === 'anyType' ? {} : { type: `tns:${item}` }) })])]),
  );
  return [...types, ...arrays];
}

function binding(name: string, soapPrefix: 'soap' | 'soap12'): XmlNode {
  return el('wsdl:binding', { name, type: 'tns:KashFlowAPISoap' }, [
    el(`${soapPrefix}:binding`, { transport: HTTP_TRANSPORT }),
    ...SOAP_METHODS.map((m) =>
      el('wsdl:operation', { name: m.name }, [
        el(`${soapPrefix}:operation`, { soapAction: `${KASHFLOW_NS}/${m.name}`, style: 'document' }),
        el('wsdl:input', undefined, [el(`${soapPrefix}:body`, { use: 'literal' })]),
        el('wsdl:output', undefined, [el(`${soapPrefix}:body`, { use: 'literal' })]),
      ]),
    ),
  ]);
}

/**
 * The WSDL of exactly the implemented methods, like ASMX generates it: document/literal,
 * one `parameters` part per message, SOAP 1.1 and 1.2 bindings, and a service whose
 * addresses are `location` (the endpoint as the client reached it).
 */
export function buildWsdl(location: string): string {
  const schemaElements = SOAP_METHODS.flatMap((m) => [
    el('s:element', { name: m.name }, [el('s:complexType', undefined, [el('s:sequence', undefined, ['UserName:string?', 'Password:string?', ...m.inputs].map(element))])]),
    el('s:element', { name: `${m.name}Response` }, [
      el('s:complexType', undefined, [el('s:sequence', undefined, [...(m.result ? [element(`${m.name}Result:${m.result}`)] : []), element('Status:string?'), element('StatusDetail:string?')])]),
    ]),
  ]);
  const root = el(
    'wsdl:definitions',
    { 'xmlns:wsdl': WSDL, 'xmlns:s': XS, 'xmlns:soap': WSDL_SOAP11, 'xmlns:soap12': WSDL_SOAP12, 'xmlns:tns': KASHFLOW_NS, targetNamespace: KASHFLOW_NS },
    [
      el('wsdl:types', undefined, [el('s:schema', { elementFormDefault: 'qualified', targetNamespace: KASHFLOW_NS }, [...schemaElements, ...complexTypes()])]),
      ...SOAP_METHODS.flatMap((m) => [
        el('wsdl:message', { name: `${m.name}SoapIn` }, [el('wsdl:part', { name: 'parameters', element: `tns:${m.name}` })]),
        el('wsdl:message', { name: `${m.name}SoapOut` }, [el('wsdl:part', { name: 'parameters', element: `tns:${m.name}Response` })]),
      ]),
      el(
        'wsdl:portType',
        { name: 'KashFlowAPISoap' },
        SOAP_METHODS.map((m) => el('wsdl:operation', { name: m.name }, [el('wsdl:input', { message: `tns:${m.name}SoapIn` }), el('wsdl:output', { message: `tns:${m.name}SoapOut` })])),
      ),
      binding('KashFlowAPISoap', 'soap'),
      binding('KashFlowAPISoap12', 'soap12'),
      el('wsdl:service', { name: 'KashFlowAPI' }, [
        el('wsdl:port', { name: 'KashFlowAPISoap', binding: 'tns:KashFlowAPISoap' }, [el('soap:address', { location })]),
        el('wsdl:port', { name: 'KashFlowAPISoap12', binding: 'tns:KashFlowAPISoap12' }, [el('soap12:address', { location })]),
      ]),
    ],
  );
  return buildXml(root, { declaration: true });
}
