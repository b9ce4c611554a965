import { expect } from 'vitest';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.js';
import { controlRequest } from '../../helpers/sandbox.js';

/** A raw HTTP answer: status, headers and body text (tests parse it themselves). */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function raw(res: Response): Promise<RawResponse> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** A small KashFlow client over real HTTP for the sandbox tests. */
export class KfClient {
  token = '';
  constructor(readonly sb: () => RunningSandbox) {}

  get rest(): string {
    return this.sb().endpoints.kashflow.restUrl;
  }

  get soapUrl(): string {
    return this.sb().endpoints.kashflow.soapUrl;
  }

  get control(): string {
    return this.sb().endpoints.control.kashflowUrl;
  }

  get creds(): { username: string; password: string; memorableWord: string } {
    return this.sb().endpoints.kashflow;
  }

  /** Step 1 of the login. */
  async step1(body: unknown): Promise<RawResponse> {
    return this.send('POST', '/sessiontoken', body, { auth: false });
  }

  /** The right answers for the positions a step-1 response asked for. */
  answers(positions: { Position: number }[], word = this.creds.memorableWord): { Position: number; Value: string }[] {
    return positions.map((p) => ({ Position: p.Position, Value: word[p.Position - 1] ?? '' }));
  }

  /** Full two-step login; remembers and returns the session token. */
  async login(): Promise<string> {
    const s1 = await this.step1({ UserName: this.creds.username, Password: this.creds.password });
    expect(s1.status).toBe(200);
    const t = s1.json<{ TemporaryToken: string; MemorableWordList: { Position: number }[] }>();
    const s2 = await this.send('PUT', '/sessiontoken', { TemporaryToken: t.TemporaryToken, MemorableWordList: this.answers(t.MemorableWordList) }, { auth: false });
    expect(s2.status).toBe(200);
    this.token = s2.json<{ SessionToken: string }>().SessionToken;
    return this.token;
  }

  /** A REST call under /v2; `body` objects are JSON-encoded, strings are sent as they are. */
  async send(method: string, path: string, body?: unknown, opts: { auth?: boolean; token?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.auth !== false) headers.authorization = `KfToken ${opts.token ?? this.token}`;
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${this.rest}${path}`, { method, headers, body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body) });
    return raw(res);
  }

  get(path: string): Promise<RawResponse> {
    return this.send('GET', path);
  }

  /** POSTs a SOAP envelope built around `inner` (the method element's children). */
  async soap(method: string, inner: string, opts: { version?: '1.1' | '1.2'; action?: string | null; headerXml?: string; username?: string; password?: string; credentials?: boolean } = {}): Promise<RawResponse> {
    const version = opts.version ?? '1.1';
    const ns = version === '1.2' ? 'http://www.w3.org/2003/05/soap-envelope' : 'http://schemas.xmlsoap.org/soap/envelope/';
    const creds = opts.credentials === false ? '' : `<UserName>${opts.username ?? this.creds.username}</UserName><Password>${opts.password ?? this.creds.password}</Password>`;
    const envelope = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">${opts.headerXml ? `<soap:Header>${opts.headerXml}</soap:Header>` : ''}<soap:Body><${method} xmlns="KashFlow">${creds}${inner}</${method}></soap:Body></soap:Envelope>`;
    return this.soapRaw(envelope, { version, action: opts.action === undefined ? `KashFlow/${method}` : opts.action });
  }

  async soapRaw(body: string, opts: { version?: '1.1' | '1.2'; action?: string | null } = {}): Promise<RawResponse> {
    const headers: Record<string, string> = {};
    if ((opts.version ?? '1.1') === '1.2') headers['content-type'] = `application/soap+xml; charset=utf-8${opts.action ? `; action="${opts.action}"` : ''}`;
    else {
      headers['content-type'] = 'text/xml; charset=utf-8';
      if (opts.action) headers.soapaction = `"${opts.action}"`;
    }
    return raw(await fetch(this.soapUrl, { method: 'POST', headers, body }));
  }

  /** Control API call (JSON). */
  async ctl(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return controlRequest(this.control, method, path, body);
  }

  /** Record counts from the control API. */
  async counts(): Promise<Record<string, number>> {
    const r = await this.ctl('GET', '/kashflow/counts');
    expect(r.status).toBe(200);
    return r.body as Record<string, number>;
  }
}

/** The text of the first element with this local name in an XML text (tests only). */
export function xmlValue(xml: string, name: string): string | undefined {
  const m = new RegExp(`<(?:[A-Za-z0-9]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[A-Za-z0-9]+:)?${name}>`).exec(xml);
  return m?.[1] === undefined ? undefined : unescapeXml(m[1]);
}

function unescapeXml(text: string): string {
  return text.replace(/&(quot|apos|lt|gt|amp);/g, (_, e: string) => ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' })[e] ?? '');
}

/** All texts of elements with this local name. */
export function xmlValues(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<(?:[A-Za-z0-9]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[A-Za-z0-9]+:)?${name}>`, 'g'))].map((m) => unescapeXml(m[1] ?? ''));
}
