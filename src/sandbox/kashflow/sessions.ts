import { randomInt, randomUUID } from 'node:crypto';
import type { SandboxClock } from '../clock.js';
import type { KashflowSettings } from './settings.js';

/** Result of a credential check (REST step 1, step 2 or a SOAP request). */
export type AuthOutcome = 'ok' | 'invalid' | 'locked';

interface TemporaryToken {
  positions: number[];
  expiresAtMs: number;
}

const MINUTE = 60_000;

/**
 * Credentials, the two-step REST login, session tokens and the account lock-out.
 *
 * Lock-out: every failed password (REST step 1 or SOAP) and every wrong set of
 * memorable-word characters (step 2) for the account's user name counts; a complete
 * successful authentication resets the count. When the count reaches `lockoutThreshold`
 * the account is locked for `lockoutMinutes` (or until unlocked through the control API):
 * while locked even the right password is refused. Unknown user names are refused without
 * counting (there is no account to lock) [G].
 *
 * Sessions: a token is valid while it has been used within `sessionIdleMinutes` (sliding
 * expiry, measured on the sandbox clock). Temporary tokens live `temporaryTokenMinutes` and
 * are consumed by the first step-2 attempt, right or wrong [G].
 */
export class SessionManager {
  private readonly temporary = new Map<string, TemporaryToken>();
  private readonly sessions = new Map<string, number>();
  private failures = 0;
  private lockedUntilMs: number | undefined;

  constructor(
    private readonly clock: SandboxClock,
    private readonly settings: () => KashflowSettings,
    private readonly credentials: { username: string; password: string; memorableWord: string },
  ) {}

  /** True while the account is locked (a lock that has run out is cleared here). */
  isLocked(): boolean {
    if (this.lockedUntilMs === undefined) return false;
    if (this.clock.nowMs() < this.lockedUntilMs) return true;
    this.unlock();
    return false;
  }

  unlock(): void {
    this.lockedUntilMs = undefined;
    this.failures = 0;
  }

  /** Lock-out state for the control API. */
  describeLock(): { locked: boolean; failedAttempts: number; lockedUntil: string | null } {
    const locked = this.isLocked();
    return { locked, failedAttempts: this.failures, lockedUntil: locked && this.lockedUntilMs !== undefined ? new Date(this.lockedUntilMs).toISOString() : null };
  }

  /** Checks a user name and password (REST step 1 and every SOAP request). */
  checkPassword(username: string | undefined, password: string | undefined): AuthOutcome {
    if (!this.isAccountName(username)) return 'invalid';
    if (this.isLocked()) return 'locked';
    if (password !== this.credentials.password) return this.fail();
    return 'ok';
  }

  /** A successful SOAP call is a complete authentication. */
  succeeded(): void {
    this.failures = 0;
  }

  /** Step 1 succeeded: issues a temporary token and three distinct 1-based positions. */
  issueTemporaryToken(): { token: string; positions: number[] } {
    this.prune();
    const length = this.credentials.memorableWord.length;
    const picked = new Set<number>();
    while (picked.size < Math.min(3, length)) picked.add(randomInt(1, length + 1));
    const positions = [...picked].sort((a, b) => a - b);
    const token = randomUUID();
    this.temporary.set(token, { positions, expiresAtMs: this.clock.nowMs() + this.settings().temporaryTokenMinutes * MINUTE });
    return { token, positions };
  }

  /**
   * Step 2: the temporary token must be known, unexpired and unused; the characters are
   * compared case-insensitively. Returns the new session token, or why not.
   */
  completeLogin(temporaryToken: string, answers: ReadonlyMap<number, string>): { outcome: 'ok'; sessionToken: string } | { outcome: 'badToken' | 'invalid' | 'locked' } {
    const key = temporaryToken.trim().toLowerCase();
    const temp = this.temporary.get(key);
    if (!temp || temp.expiresAtMs <= this.clock.nowMs()) {
      this.temporary.delete(key);
      return { outcome: 'badToken' };
    }
    this.temporary.delete(key);
    if (this.isLocked()) return { outcome: 'locked' };
    const word = this.credentials.memorableWord.toLowerCase();
    const right = answers.size === temp.positions.length && temp.positions.every((p) => (answers.get(p) ?? '').trim().toLowerCase() === word[p - 1]);
    if (!right) {
      const outcome = this.fail();
      return { outcome: outcome === 'locked' ? 'locked' : 'invalid' };
    }
    this.failures = 0;
    const sessionToken = randomUUID();
    this.sessions.set(sessionToken, this.clock.nowMs());
    return { outcome: 'ok', sessionToken };
  }

  /**
   * Validates an `Authorization: KfToken <token>` header value and slides the expiry.
   * O(1): one map lookup.
   */
  authenticate(header: string | undefined): boolean {
    if (header === undefined || header.length < 9) return false;
    const space = header.indexOf(' ');
    if (space < 0 || header.slice(0, space).toLowerCase() !== 'kftoken') return false;
    const token = header.slice(space + 1).trim().toLowerCase();
    const lastUsed = this.sessions.get(token);
    if (lastUsed === undefined) return false;
    const now = this.clock.nowMs();
    if (now - lastUsed > this.settings().sessionIdleMinutes * MINUTE) {
      this.sessions.delete(token);
      return false;
    }
    this.sessions.set(token, now);
    return true;
  }

  /** Ends a session at once. False when the token was unknown or already expired. */
  logout(token: string): boolean {
    const key = token.trim().toLowerCase();
    const lastUsed = this.sessions.get(key);
    this.sessions.delete(key);
    return lastUsed !== undefined && this.clock.nowMs() - lastUsed <= this.settings().sessionIdleMinutes * MINUTE;
  }

  /** Number of sessions that are still valid. */
  liveSessions(): number {
    this.prune();
    return this.sessions.size;
  }

  private isAccountName(username: string | undefined): boolean {
    return username !== undefined && username.trim().toLowerCase() === this.credentials.username.toLowerCase();
  }

  private fail(): AuthOutcome {
    this.failures++;
    if (this.failures >= this.settings().lockoutThreshold) {
      this.lockedUntilMs = this.clock.nowMs() + this.settings().lockoutMinutes * MINUTE;
      return 'locked';
    }
    return 'invalid';
  }

  private prune(): void {
    const now = this.clock.nowMs();
    const idle = this.settings().sessionIdleMinutes * MINUTE;
    for (const [token, lastUsed] of this.sessions) if (now - lastUsed > idle) this.sessions.delete(token);
    for (const [token, temp] of this.temporary) if (temp.expiresAtMs <= now) this.temporary.delete(token);
  }
}
