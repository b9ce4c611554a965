import type { SandboxContext } from '../context.js';
import { SessionManager } from './sessions.js';
import { defaultKashflowSettings, type KashflowSettings } from './settings.js';
import { loadStore } from './store/seed-loader.js';
import type { KashflowStore } from './store/store.js';

/**
 * Everything the KashFlow sandbox holds: the account data, sessions, settings and request
 * counters. Rebuilt from `ctx.world` by {@link KashflowState.reset}.
 */
export class KashflowState {
  readonly ctx: SandboxContext;
  store: KashflowStore;
  sessions: SessionManager;
  settings: KashflowSettings = defaultKashflowSettings();
  private readonly requestCounts = new Map<string, number>();
  /** The last {@link viewKey} and what it was made of. */
  private viewKeyCache = { today: '', generation: -1, epoch: -1, key: '' };

  constructor(ctx: SandboxContext) {
    this.ctx = ctx;
    this.store = loadStore(ctx.world.kashflow, ctx.clock.today());
    this.sessions = this.newSessions();
  }

  /** Drops all state (data, sessions, lock-out, settings, counters) and reloads the seed. */
  reset(): void {
    this.settings = defaultKashflowSettings();
    this.store = loadStore(this.ctx.world.kashflow, this.ctx.clock.today());
    this.sessions = this.newSessions();
    this.requestCounts.clear();
  }

  /** Applies a validated settings change; cached JSON is rebuilt where the shape depends on it. */
  updateSettings(patch: Partial<KashflowSettings>): KashflowSettings {
    this.settings = { ...this.settings, ...patch };
    this.store.changed();
    return this.settings;
  }

  /**
   * Today on the sandbox clock (`yyyy-MM-dd`): the clock's own, written once per UTC day
   * (a cache per millisecond tick here wrote a new date text for nearly every request).
   */
  today(): string {
    return this.ctx.clock.today();
  }

  /**
   * The key under which cached JSON and sorted views stay valid. The same string is returned
   * while it does not change: every cached record keeps it, and a new one per call made each
   * record hold its own concatenation.
   */
  viewKey(): string {
    const today = this.today();
    const { generation, epoch } = this.store;
    const c = this.viewKeyCache;
    if (c.today !== today || c.generation !== generation || c.epoch !== epoch) this.viewKeyCache = { today, generation, epoch, key: `${today}|${generation}.${epoch}` };
    return this.viewKeyCache.key;
  }

  countRequest(operation: string): void {
    this.requestCounts.set(operation, (this.requestCounts.get(operation) ?? 0) + 1);
  }

  requestStats(): { total: number; byOperation: Record<string, number> } {
    let total = 0;
    const byOperation: Record<string, number> = {};
    for (const [op, n] of [...this.requestCounts].sort((a, b) => a[0].localeCompare(b[0]))) {
      byOperation[op] = n;
      total += n;
    }
    return { total, byOperation };
  }

  clearRequestStats(): void {
    this.requestCounts.clear();
  }

  private newSessions(): SessionManager {
    return new SessionManager(this.ctx.clock, () => this.settings, this.ctx.world.kashflow.credentials);
  }
}
