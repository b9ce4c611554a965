import http from 'node:http';
import httpntlm from 'httpntlm';
import { afterEach, describe, expect, it } from 'vitest';
import { el } from '../../../src/xml/build.js';
import { controlRequest, useSandbox } from '../../helpers/sandbox.js';
import { callContext, doc, envelopeXml, f, NS, rec } from './aif-client.js';

/**
 * NTLM against the sandbox with an independent client implementation (httpntlm's message
 * functions) over a keep-alive agent with a single socket, as a real client would do it.
 */
const sb = useSandbox();
const { ntlm } = httpntlm;
const agents: http.Agent[] = [];

afterEach(() => {
  for (const a of agents.splice(0)) a.destroy();
});

function agent(): http.Agent {
  const a = new http.Agent({ keepAlive: true, maxSockets: 1 });
  agents.push(a);
  return a;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  localPort: number;
}

function post(a: http.Agent, headers: Record<string, string>, body: string): Promise<Answer> {
  const url = new URL(sb().endpoints.ax.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: a, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS.services}/CustomerService/create"`, 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), localPort: res.socket?.localPort ?? -1 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function createBody(name: string): string {
  return envelopeXml(el('CustomerServiceCreateRequest', { xmlns: NS.services }, [doc('Customer', [rec('CustTable', [f('CustGroup', 'UK'), f('Currency', 'GBP'), rec('DirParty', [f('Name', name)], { 'xsi:type': 'AxdEntity_DirParty_DirOrganization' })])])]), callContext({}));
}

function creds(password?: string): { username: string; password: string; domain: string; workstation: string } {
  const e = sb().endpoints.ax;
  return { username: e.username, password: password ?? e.password, domain: e.domain, workstation: 'KFAXWS01' };
}

async function handshake(a: http.Agent, options: { password?: string; type3Agent?: http.Agent; forceV1?: 'plain' | 'session' } = {}): Promise<{ type1: Answer; type3: Answer }> {
  const type1 = await post(a, { authorization: ntlm.createType1Message(creds(options.password)) }, createBody('type1'));
  const challenge = type1.headers['www-authenticate'];
  if (typeof challenge !== 'string') throw new Error(`no single NTLM challenge: ${JSON.stringify(challenge)}`);
  let type2 = ntlm.parseType2Message(challenge, (err) => {
    throw err;
  });
  if (!type2) throw new Error('no type 2');
  if (options.forceV1) {
    // A legacy client without target info answers NTLMv1: plain, or with NTLM2 session security.
    const { targetInfo: _ignored, ...rest } = type2;
    type2 = { ...rest, negotiateFlags: options.forceV1 === 'plain' ? type2.negotiateFlags & ~0x00080000 & ~0x00800000 : type2.negotiateFlags & ~0x00800000 };
  }
  const type3 = await post(options.type3Agent ?? a, { authorization: ntlm.createType3Message(type2, creds(options.password)) }, createBody('NTLM customer'));
  return { type1, type3 };
}

describe('NTLM (IIS Windows authentication)', () => {
  it('completes an NTLMv2 handshake and keeps the connection authenticated', async () => {
    const a = agent();
    const { type1, type3 } = await handshake(a);
    expect(type1.status).toBe(401);
    expect(type1.headers['www-authenticate']).toMatch(/^NTLM [A-Za-z0-9+/=]+$/);
    const type2 = Buffer.from(String(type1.headers['www-authenticate']).slice(5), 'base64');
    expect(type2.subarray(0, 8).toString('latin1')).toBe('NTLMSSP\0');
    const flags = type2.readUInt32LE(20);
    expect(flags & 0x00080000).not.toBe(0); // NEGOTIATE_EXTENDED_SESSIONSECURITY
    expect(flags & 0x00800000).not.toBe(0); // NEGOTIATE_TARGET_INFO
    expect(type3.status).toBe(200);
    expect(type3.body).toContain('<CustomerServiceCreateResponse');
    expect(type3.localPort).toBe(type1.localPort);
    // Same connection, no header: still authenticated.
    const later = await post(a, {}, createBody('later on same connection'));
    expect(later.status).toBe(200);
    expect(later.localPort).toBe(type1.localPort);
    // A new connection has to authenticate again.
    const other = await post(agent(), {}, createBody('other connection'));
    expect(other.status).toBe(401);
  });

  it('refuses a wrong password with 401 and creates nothing', async () => {
    const before = await controlRequest(sb().endpoints.control.axUrl, 'GET', '/ax/counts');
    const { type3 } = await handshake(agent(), { password: 'not-the-password' });
    expect(type3.status).toBe(401);
    expect(String(type3.headers['www-authenticate'])).toContain('NTLM');
    const after = await controlRequest(sb().endpoints.control.axUrl, 'GET', '/ax/counts');
    expect(after.body).toEqual(before.body);
  });

  it('refuses a Type 3 message sent on a different connection than the challenge', async () => {
    const { type3 } = await handshake(agent(), { type3Agent: agent() });
    expect(type3.status).toBe(401);
  });

  it('refuses NTLMv1 responses unless the setting allows them', async () => {
    for (const mode of ['plain', 'session'] as const) {
      const { type3 } = await handshake(agent(), { forceV1: mode });
      expect(type3.status, mode).toBe(401);
    }
    await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { acceptNtlmV1: true });
    try {
      for (const mode of ['plain', 'session'] as const) {
        const ok = await handshake(agent(), { forceV1: mode });
        expect(ok.type3.status, mode).toBe(200);
        const bad = await handshake(agent(), { forceV1: mode, password: 'wrong' });
        expect(bad.type3.status, mode).toBe(401);
      }
    } finally {
      await controlRequest(sb().endpoints.control.axUrl, 'PUT', '/ax/settings', { acceptNtlmV1: false });
    }
  });
});
