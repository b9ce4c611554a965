import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { AxUserSeed } from '../../seed/types.js';
import { buildChallenge, isNtlmV2, ntlmMessageType, parseAuthenticate, verifyNtlmV1, verifyNtlmV2, type ServerNames } from './ntlm.js';

/** The authenticated caller. */
export interface AxIdentity {
  readonly user: AxUserSeed;
  /** `DOMAIN\user` as AX knows the account. */
  readonly account: string;
}

/** The outcome of authenticating one request. */
export type AuthOutcome =
  | { readonly ok: true; readonly identity: AxIdentity }
  /** 401 with these `WWW-Authenticate` values. */
  | { readonly ok: false; readonly challenges: readonly string[] };

/** What the authenticator needs to know about the AOS. */
export interface AuthSource {
  users(): readonly AxUserSeed[];
  acceptNtlmV1(): boolean;
  nowMs(): number;
}

interface ConnectionState {
  /** Server challenge of an NTLM handshake in progress on this connection. */
  challenge?: Buffer;
  scheme?: 'NTLM' | 'Negotiate';
  /** Identity of a completed NTLM handshake: the connection stays authenticated (IIS default). */
  identity?: AxIdentity;
}

const SERVER_NAMES = (domain: string): ServerNames => ({ netbiosDomain: domain.toUpperCase(), netbiosComputer: 'AXAOS01', dnsDomain: `${domain.toLowerCase()}.local`, dnsComputer: `axaos01.${domain.toLowerCase()}.local` });

/**
 * Windows authentication as IIS does it for the AIF site: Basic (checked on every request)
 * and NTLM (Type 1 → 401 with a Type 2 challenge → Type 3 on the same connection; the
 * connection is then authenticated and later requests on it need no header —
 * `authPersistSingleRequest=false`, the IIS default). NTLMv1 is refused unless enabled.
 */
export class IisAuthenticator {
  private readonly connections = new WeakMap<Socket, ConnectionState>();
  private readonly basicCache = new Map<string, AxIdentity | null>();

  constructor(private readonly source: AuthSource) {}

  /** Forgets cached Basic credentials (after a reset the users may differ). */
  clearCache(): void {
    this.basicCache.clear();
  }

  /** Challenges for a 401: NTLM and Basic with the host as realm. */
  challenges(host: string): string[] {
    return ['NTLM', `Basic realm="${host.replace(/"/g, '')}"`];
  }

  authenticate(authorization: string | undefined, socket: Socket, host: string): AuthOutcome {
    const state = this.connections.get(socket);
    if (authorization === undefined || authorization.trim() === '') {
      if (state?.identity) return { ok: true, identity: state.identity };
      return { ok: false, challenges: this.challenges(host) };
    }
    const space = authorization.indexOf(' ');
    const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
    const token = space < 0 ? '' : authorization.slice(space + 1).trim();
    if (scheme === 'basic') {
      const identity = this.basic(token);
      return identity ? { ok: true, identity } : { ok: false, challenges: this.challenges(host) };
    }
    if (scheme === 'ntlm' || scheme === 'negotiate') return this.ntlm(scheme === 'ntlm' ? 'NTLM' : 'Negotiate', token, socket, host);
    return { ok: false, challenges: this.challenges(host) };
  }

  private basic(token: string): AxIdentity | undefined {
    const cached = this.basicCache.get(token);
    if (cached !== undefined) return cached ?? undefined;
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const identity = colon < 0 ? undefined : this.check(decoded.slice(0, colon), decoded.slice(colon + 1));
    if (this.basicCache.size > 10_000) this.basicCache.clear();
    this.basicCache.set(token, identity ?? null);
    return identity;
  }

  /** `DOMAIN\user`, `user@domain` or a bare `user` (default domain of the seed). */
  private check(login: string, password: string): AxIdentity | undefined {
    const { user, domain } = splitLogin(login);
    const found = this.find(user, domain);
    return found && found.password === password ? identityOf(found) : undefined;
  }

  private find(user: string, domain: string | undefined): AxUserSeed | undefined {
    return this.source.users().find((u) => u.username.toLowerCase() === user.toLowerCase() && (domain === undefined || domain === '' || domainMatches(u.domain, domain)));
  }

  private ntlm(scheme: 'NTLM' | 'Negotiate', token: string, socket: Socket, host: string): AuthOutcome {
    const buf = Buffer.from(token, 'base64');
    const type = ntlmMessageType(buf);
    if (type === 1) {
      const challenge = randomBytes(8);
      const domain = this.source.users()[0]?.domain ?? 'SANDBOX';
      this.connections.set(socket, { challenge, scheme });
      return { ok: false, challenges: [`${scheme} ${buildChallenge(challenge, SERVER_NAMES(domain), this.source.nowMs()).toString('base64')}`] };
    }
    const state = this.connections.get(socket);
    if (type === 3 && state?.challenge) {
      const msg = parseAuthenticate(buf);
      const challenge = state.challenge;
      this.connections.set(socket, {});
      if (msg && msg.user !== '') {
        const user = this.find(msg.user, msg.domain);
        const ok = user !== undefined && (isNtlmV2(msg) ? verifyNtlmV2(msg, challenge, user.password) : this.source.acceptNtlmV1() && verifyNtlmV1(msg, challenge, user.password));
        if (ok && user) {
          const identity = identityOf(user);
          this.connections.set(socket, { identity });
          return { ok: true, identity };
        }
      }
    }
    return { ok: false, challenges: this.challenges(host) };
  }
}

function identityOf(user: AxUserSeed): AxIdentity {
  return { user, account: `${user.domain}\\${user.username}` };
}

function splitLogin(login: string): { user: string; domain: string | undefined } {
  const bs = login.indexOf('\\');
  if (bs >= 0) return { domain: login.slice(0, bs), user: login.slice(bs + 1) };
  const at = login.indexOf('@');
  if (at >= 0) return { user: login.slice(0, at), domain: login.slice(at + 1) };
  return { user: login, domain: undefined };
}

/** `SANDBOX` matches `sandbox` and the DNS form `sandbox.local`. */
function domainMatches(userDomain: string, given: string): boolean {
  const g = given.toLowerCase();
  const d = userDomain.toLowerCase();
  return g === d || g.startsWith(`${d}.`);
}
