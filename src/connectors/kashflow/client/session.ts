import { KfaxError } from '../../../errors/kfax-error.js';
import type { KashflowHttp } from './http.js';
import { parseKashflowJson, readErrorBody } from './json.js';

/** KashFlow login details. The memorable word answers the 3-character challenge. */
export interface KashflowCredentials {
  username: string;
  password: string;
  memorableWord: string;
}

/** Options of {@link KashflowSession}. */
export interface KashflowSessionOptions {
  /** Path prefix of the REST API, e.g. `/v2`. */
  basePath: string;
  /** Log in again proactively after this much idle time (KashFlow expires tokens after 60 min idle). Default 45 min. */
  refreshIdleMs: number;
  /** After a failed or locked login, refuse to try again for this long (default 10 min) so a lock-out never gets worse. */
  loginCooldownMs: number;
  /** Clock (tests). */
  now?: () => number;
}

/**
 * The two-step KashFlow session (kashflow-api.md §2.2): POST username/password → temporary
 * token + three 1-based memorable-word positions; PUT the characters → session token.
 * One login at a time is shared by all callers. A failed or locked login is remembered and
 * not retried until the cool-down passes or {@link reset} is called: kfax never runs a
 * login loop against a lock-out.
 */
export class KashflowSession {
  private token: string | undefined;
  private lastUsed = 0;
  private inflight: Promise<string> | undefined;
  private blocked: { until: number; error: KfaxError } | undefined;
  private readonly now: () => number;
  /** Logins performed (for tests and metrics). */
  logins = 0;

  constructor(
    private readonly http: KashflowHttp,
    private readonly creds: KashflowCredentials,
    private readonly options: KashflowSessionOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** A valid session token, logging in when there is none or it has been idle too long. */
  async current(): Promise<string> {
    if (this.token && this.now() - this.lastUsed < this.options.refreshIdleMs) {
      this.lastUsed = this.now();
      return this.token;
    }
    this.inflight ??= this.login().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Forgets `token` after KashFlow rejected it (only if it is still the current one). */
  invalidate(token: string): void {
    if (this.token === token) this.token = undefined;
  }

  /** Clears a remembered login failure (operator action after unlocking the account). */
  reset(): void {
    this.blocked = undefined;
  }

  /** Ends the session on the server (best effort). */
  async logout(): Promise<void> {
    const token = this.token;
    this.token = undefined;
    if (token) await this.http.send('DELETE', `${this.options.basePath}/sessiontoken/${encodeURIComponent(token)}`, { authorization: `KfToken ${token}` }, undefined, true).catch(() => undefined);
  }

  private async login(): Promise<string> {
    if (this.blocked && this.now() < this.blocked.until) throw this.blocked.error;
    this.blocked = undefined;
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    const step1 = await this.http.send('POST', `${this.options.basePath}/sessiontoken`, headers, JSON.stringify({ UserName: this.creds.username, Password: this.creds.password }), false);
    if (step1.status !== 200) throw this.loginFailure(step1.status, step1.text);
    const challenge = parseKashflowJson(step1.text) as { TemporaryToken?: unknown; MemorableWordList?: unknown };
    const temporary = typeof challenge.TemporaryToken === 'string' ? challenge.TemporaryToken : undefined;
    const positions = Array.isArray(challenge.MemorableWordList) ? challenge.MemorableWordList.map((p) => Number(String((p as { Position?: unknown }).Position))) : [];
    if (!temporary || positions.length === 0 || positions.some((p) => !Number.isInteger(p))) throw new KfaxError('KFAX_KASHFLOW_LOGIN_FAILED', ['unexpected answer to the first login step']);
    const word = this.creds.memorableWord;
    const answers = positions.map((p) => {
      if (p < 1 || p > word.length) throw this.block(new KfaxError('KFAX_KASHFLOW_LOGIN_FAILED', [`KashFlow asked for character ${p} of the memorable word, which has ${word.length}`]));
      return { Position: p, Value: word.charAt(p - 1) };
    });
    const step2 = await this.http.send('PUT', `${this.options.basePath}/sessiontoken`, headers, JSON.stringify({ TemporaryToken: temporary, MemorableWordList: answers }), false);
    if (step2.status !== 200) throw this.loginFailure(step2.status, step2.text);
    const session = parseKashflowJson(step2.text) as { SessionToken?: unknown };
    if (typeof session.SessionToken !== 'string' || session.SessionToken === '') throw new KfaxError('KFAX_KASHFLOW_LOGIN_FAILED', ['no SessionToken in the answer']);
    this.logins++;
    this.token = session.SessionToken;
    this.lastUsed = this.now();
    return this.token;
  }

  private loginFailure(status: number, text: string): KfaxError {
    const { error, message } = readErrorBody(text);
    if (error === 'AccountLocked') return this.block(new KfaxError('KFAX_KASHFLOW_ACCOUNT_LOCKED', [message || 'AccountLocked']));
    if (status === 429 || status >= 500 || error === '-2146232060') return new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['KashFlow login', `HTTP ${status} ${error}`.trim()]);
    return this.block(new KfaxError('KFAX_KASHFLOW_LOGIN_FAILED', [`${error || `HTTP ${status}`}${message ? `: ${message}` : ''}`]));
  }

  private block(error: KfaxError): KfaxError {
    this.blocked = { until: this.now() + this.options.loginCooldownMs, error };
    return error;
  }
}
