import { describe, expect, it } from 'vitest';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { AifClient, basicAuth, doc, envelopeXml, f, NS, rec, callContext } from './aif-client.js';
import { el } from '../../../src/xml/build.js';

const sb = useSandbox();
const ax = new AifClient(sb);

const customerDoc = (name: string) => doc('Customer', [rec('CustTable', [f('CustGroup', 'UK'), f('Currency', 'GBP'), rec('DirParty', [f('Name', name)], { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' })])]);

async function counts(): Promise<unknown> {
  return (await controlRequest(sb().endpoints.control.axUrl, 'GET', '/ax/counts')).body;
}

describe('IIS authentication', () => {
  it('answers 401 with an NTLM and a Basic challenge when there is no Authorization header', async () => {
    const res = await fetch(ax.url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body: '<x/>' });
    expect(res.status).toBe(401);
    const challenges = res.headers.get('www-authenticate') ?? '';
    // Two separate headers, joined by fetch with ", ".
    expect(challenges.split(', ').map((s) => s.trim())).toEqual(['NTLM', 'Basic realm="127.0.0.1"']);
    expect(await res.text()).toContain('401 - Unauthorized');
  });

  it('accepts Basic as DOMAIN\\user, bare user and user@domain, and refuses a wrong password or domain', async () => {
    const e = sb().endpoints.ax;
    for (const login of [`${e.domain}\\${e.username}`, e.username, `${e.username}@${e.domain.toLowerCase()}.local`]) {
      const r = await ax.call('CustomerService', 'create', [customerDoc(`Basic ${login}`)], { authorization: basicAuth(login, e.password) });
      expect(r.status, login).toBe(200);
    }
    for (const [login, password] of [
      [`${e.domain}\\${e.username}`, 'wrong'],
      [`OTHERDOMAIN\\${e.username}`, e.password],
      ['nobody', e.password],
    ] as const) {
      const r = await ax.call('CustomerService', 'create', [customerDoc('never')], { authorization: basicAuth(login, password) });
      expect(r.status, login).toBe(401);
      expect(r.headers.get('www-authenticate')).toContain('Basic realm=');
    }
  });

  it('refuses unknown authentication schemes', async () => {
    const r = await ax.call('CustomerService', 'read', [], { authorization: 'Bearer abc' });
    expect(r.status).toBe(401);
  });
});

describe('IIS and WCF transport', () => {
  it('answers 404 for an unknown integration port', async () => {
    const res = await fetch(ax.url.replace('/KFAX/', '/NOPORT/'), { method: 'POST', headers: { authorization: ax.defaultAuth, 'content-type': 'text/xml' }, body: '<x/>' });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('404 - File or directory not found');
  });

  it('serves a WSDL listing the services with their SOAP actions', async () => {
    const res = await fetch(`${ax.url}?wsdl`, { headers: { authorization: ax.defaultAuth } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('soapAction="http://schemas.microsoft.com/dynamics/2008/01/services/CustomerService/create"');
    expect(text).toContain('CustomerServiceCreateRequest');
    expect(text).toContain('http://schemas.microsoft.com/dynamics/2010/01/datacontracts');
  });

  it('refuses a SOAP 1.2 content type with 415', async () => {
    const r = await ax.call('CustomerService', 'create', [customerDoc('x')], { contentType: 'application/soap+xml; charset=utf-8' });
    expect(r.status).toBe(415);
    expect(r.text).toContain("was not the expected type 'text/xml; charset=utf-8'");
  });

  it('routes by SOAPAction with or without quotes', async () => {
    const body = envelopeXml(el('CustomerServiceCreateRequest', { xmlns: NS.services }, [customerDoc('Unquoted action')]), callContext({}));
    const res = await fetch(ax.url, { method: 'POST', headers: { authorization: ax.defaultAuth, 'content-type': 'text/xml; charset=utf-8', soapaction: `${NS.services}/CustomerService/create` }, body });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<CustomerServiceCreateResponse xmlns="http://schemas.microsoft.com/dynamics/2008/01/services">');
  });

  it('answers an unknown action or operation with ActionNotSupported (ContractFilter mismatch)', async () => {
    for (const action of [`${NS.services}/NoSuchService/create`, `${NS.services}/FreeTextInvoiceService/read`, `${NS.services}/customerservice/create`, '']) {
      const r = await ax.call('CustomerService', 'create', [customerDoc('x')], { action });
      expect(r.status, action).toBe(500);
      expect(r.fault?.faultcode, action).toBe('a:ActionNotSupported');
      expect(r.fault?.faultstring).toContain('ContractFilter mismatch at the EndpointDispatcher');
    }
  });

  it('refuses a body element that does not match the action (formatter fault), changing nothing', async () => {
    const before = await counts();
    const r = await ax.call('CustomerService', 'create', [customerDoc('mismatch')], { wrapperName: 'CustomerServiceUpdateRequest' });
    expect(r.status).toBe(500);
    expect(r.fault?.faultcode).toBe('a:DeserializationFailed');
    expect(r.fault?.faultstring).toContain("Expected to find node type 'Element' with name 'CustomerServiceCreateRequest'");
    expect(await counts()).toEqual(before);
  });

  it('answers malformed XML, DOCTYPE and entity declarations with 400 and changes nothing', async () => {
    const before = await counts();
    const good = envelopeXml(el('CustomerServiceCreateRequest', { xmlns: NS.services }, [customerDoc('bad')]), callContext({}));
    const bodies = [
      good.slice(0, good.length - 20),
      `<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x "boom">]>${good.replace('<?xml version="1.0" encoding="utf-8"?>', '')}`,
      good.replace('<Name>bad</Name>', '<Name>&xxe;</Name>'),
      'not xml at all',
      '',
    ];
    for (const rawBody of bodies) {
      const r = await ax.call('CustomerService', 'create', [], { rawBody });
      expect(r.status, rawBody.slice(0, 60)).toBe(400);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses https:// namespaces as schema errors', async () => {
    const before = await counts();
    const httpsDoc = el('Customer', { xmlns: 'https://schemas.microsoft.com/dynamics/2008/01/documents/Customer' }, [el('CustTable', { class: 'entity' }, [el('CustGroup', undefined, 'UK')])]);
    const r = await ax.call('CustomerService', 'create', [httpsDoc]);
    expect(r.status).toBe(500);
    expect(r.fault?.codes).toContain('InvalidDocumentSchema');
    expect(r.fault?.faultstring).toContain('https://schemas.microsoft.com/dynamics/2008/01/documents/Customer');
    const header = el('CallContext', { xmlns: 'https://schemas.microsoft.com/dynamics/2010/01/datacontracts' }, [el('Company', undefined, 'kfuk')]);
    const r2 = await ax.call('CustomerService', 'create', [customerDoc('https header')], { header });
    expect(r2.fault?.codes).toContain('InvalidDocumentSchema');
    expect(await counts()).toEqual(before);
  });

  it('answers a SOAP 1.2 envelope with a VersionMismatch fault', async () => {
    const raw = '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><CustomerServiceReadRequest xmlns="http://schemas.microsoft.com/dynamics/2008/01/services"/></e:Body></e:Envelope>';
    const r = await ax.call('CustomerService', 'read', [], { rawBody: raw });
    expect(r.status).toBe(500);
    expect(r.fault?.faultcode).toBe('s:VersionMismatch');
  });

  it('answers 413 for a body over the limit (Content-Length and chunked) and changes nothing', async () => {
    const before = await counts();
    const big = envelopeXml(el('CustomerServiceCreateRequest', { xmlns: NS.services }, [customerDoc('x'.repeat(100))]), callContext({})).replace('<s:Body>', `<s:Body><!--${'p'.repeat(4 * 1024 * 1024)}-->`);
    const r = await fetch(ax.url, { method: 'POST', headers: { authorization: ax.defaultAuth, 'content-type': 'text/xml; charset=utf-8', soapaction: `${NS.services}/CustomerService/create` }, body: big });
    expect(r.status).toBe(413);
    await r.text();
    const set = await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { bodyLimit: 2048 });
    expect(set.status).toBe(200);
    try {
      const chunks = [big.slice(0, 1500), big.slice(1500, 5000)];
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      });
      const chunked = await fetch(ax.url, { method: 'POST', headers: { authorization: ax.defaultAuth, 'content-type': 'text/xml; charset=utf-8', soapaction: `${NS.services}/CustomerService/create` }, body: stream, duplex: 'half' } as RequestInit);
      expect(chunked.status).toBe(413);
      await chunked.text();
    } finally {
      await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { bodyLimit: 4 * 1024 * 1024 });
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses an unknown mustUnderstand header', async () => {
    const header = el('Security', { xmlns: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd', 's:mustUnderstand': '1' }, []);
    const body = envelopeXml(el('CustomerServiceCreateRequest', { xmlns: NS.services }, [customerDoc('mu')]), header);
    const r = await ax.call('CustomerService', 'create', [], { rawBody: body });
    expect(r.status).toBe(500);
    expect(r.fault?.faultcode).toBe('s:MustUnderstand');
  });
});
