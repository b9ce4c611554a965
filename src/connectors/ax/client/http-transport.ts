import { Client } from 'undici';
import { KfaxError } from '../../../errors/kfax-error.js';
import { classifyNetworkError } from '../../shared/network-errors.js';
import { requestText } from '../../shared/request-text.js';
import { ntlmMessages, type WindowsCredentials } from './ntlm.js';

/** How kfax authenticates to the IIS site hosting the AIF port. */
export type AxAuth = ({ kind: 'ntlm' } & WindowsCredentials) | { kind: 'basic'; domain?: string; username: string; password: string };

/** Options of {@link AxHttpTransport}. */
export interface AxTransportOptions {
  /** Full endpoint URL, e.g. `http://aos:8101/MicrosoftDynamicsAXAif60/KFAX/xppservice.svc`. */
  url: string;
  auth: AxAuth;
  /** Parallel connections (each authenticated once, as IIS authenticates NTLM per connection). */
  connections: number;
  /** Milliseconds to wait for the answer once the request is sent. */
  timeoutMs: number;
  /** Milliseconds to wait for the TCP connection. */
  connectTimeoutMs: number;
  /** Largest response accepted, in bytes. */
  maxResponseBytes: number;
}

/** A raw HTTP answer. */
export interface AxHttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Slot {
  client: Client;
  authenticated: boolean;
  busy: boolean;
}

/**
 * HTTP transport for AIF over IIS with connection-bound NTLM (or per-request Basic).
 *
 * Durability note: an error is classified by whether the request may have reached the
 * server. Connection refused or a failed connect means it was never sent (`transient`).
 * A reset, a closed socket or a timeout after sending means it may have been applied
 * (`in_doubt`), so the caller must resend with the same MessageId and resolve by look-up.
 */
export class AxHttpTransport {
  private readonly slots: Slot[] = [];
  private readonly waiters: ((slot: Slot) => void)[] = [];
  private readonly origin: string;
  private readonly path: string;
  private closed = false;

  constructor(private readonly options: AxTransportOptions) {
    const u = new URL(options.url);
    this.origin = u.origin;
    this.path = `${u.pathname}${u.search}`;
    for (let i = 0; i < Math.max(1, options.connections); i++) {
      const slot: Slot = { client: this.newClient(), authenticated: false, busy: false };
      slot.client.on('disconnect', () => {
        slot.authenticated = false;
      });
      this.slots.push(slot);
    }
  }

  /** Sends one SOAP request and returns the raw answer (any status). */
  async post(soapAction: string, body: string, mayHaveSideEffects: boolean): Promise<AxHttpResponse> {
    const slot = await this.acquire();
    try {
      return await this.postOn(slot, soapAction, body, mayHaveSideEffects);
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.slots.map((s) => s.client.close()));
  }

  private async postOn(slot: Slot, soapAction: string, body: string, sideEffects: boolean): Promise<AxHttpResponse> {
    const auth = this.options.auth;
    if (auth.kind === 'basic') {
      const user = auth.domain ? `${auth.domain}\\${auth.username}` : auth.username;
      const res = await this.send(slot, soapAction, body, `Basic ${Buffer.from(`${user}:${auth.password}`).toString('base64')}`, sideEffects);
      if (res.status === 401) throw authFailed(this.origin, 'Basic credentials were rejected');
      return res;
    }
    if (slot.authenticated) {
      const res = await this.send(slot, soapAction, body, undefined, sideEffects);
      if (res.status !== 401) return res;
      slot.authenticated = false; // the connection was recycled; a 401 means nothing was processed
    }
    const challenge = await this.send(slot, soapAction, '', ntlmMessages.negotiate(auth), false);
    if (challenge.status !== 401) throw authFailed(this.origin, `expected an NTLM challenge, got HTTP ${challenge.status}`);
    const header = challenge.headers['www-authenticate'];
    let type3: string;
    try {
      type3 = ntlmMessages.authenticate(Array.isArray(header) ? header : header ? [header] : [], auth);
    } catch (err) {
      throw authFailed(this.origin, (err as Error).message);
    }
    const res = await this.send(slot, soapAction, body, type3, sideEffects);
    if (res.status === 401) throw authFailed(this.origin, `NTLM credentials for ${auth.domain}\\${auth.username} were rejected`);
    slot.authenticated = true;
    return res;
  }

  private async send(slot: Slot, soapAction: string, body: string, authorization: string | undefined, sideEffects: boolean): Promise<AxHttpResponse> {
    const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${soapAction}"` };
    if (authorization) headers.authorization = authorization;
    try {
      const res = await requestText(slot.client, { method: 'POST', path: this.path, headers, body }, this.options.maxResponseBytes, this.origin);
      return { status: res.status, headers: res.headers, body: res.text };
    } catch (err) {
      throw classifyNetworkError(err, this.origin, this.options.timeoutMs, sideEffects);
    }
  }

  private newClient(): Client {
    return new Client(this.origin, {
      pipelining: 1,
      keepAliveTimeout: 60_000,
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
      connectTimeout: this.options.connectTimeoutMs,
    });
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new KfaxError('KFAX_REMOTE_UNAVAILABLE', [this.origin, 'transport closed']));
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiters.shift();
    if (next) next(slot);
    else slot.busy = false;
  }
}

function authFailed(origin: string, reason: string): KfaxError {
  return new KfaxError('KFAX_REMOTE_AUTH_FAILED', [origin, reason]);
}
