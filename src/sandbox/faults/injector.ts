import { z } from 'zod';
import { Rng } from '../seed/rng.js';
import type { FaultProfile, LatencySpec, SystemFaults } from './profiles.js';

export type SandboxSystem = 'kashflow' | 'ax';

/** What the sandbox knows about a request when it asks for a fault decision. */
export interface RequestFacts {
  readonly system: SandboxSystem;
  /**
   * Operation name: KashFlow REST `GET /v2/invoices`, KashFlow SOAP `SOAP InsertInvoicePayment`,
   * AX `CustomerService/create` (external service name / operation).
   */
  readonly operation: string;
  readonly isWrite: boolean;
  /** AX company (`CallContext.Company`) when known. */
  readonly company?: string;
}

export const FAULT_KINDS = ['throttle', 'timeout', 'serverError', 'drop', 'commitThenDrop', 'delay'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A scripted fault: the next `count` matching requests get `fault`. */
export const faultRuleSchema = z
  .object({
    system: z.enum(['kashflow', 'ax']),
    /** Exact operation name, or a pattern with `*` wildcards (e.g. `CustFreeTextInvoiceService/*`). Default: any. */
    operation: z.string().min(1).default('*'),
    /** Only writes / only reads. Default: both. */
    writesOnly: z.boolean().default(false),
    company: z.string().min(1).optional(),
    fault: z.enum(FAULT_KINDS),
    count: z.number().int().min(1).max(1_000_000).default(1),
    /** For `delay`: extra milliseconds. */
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /** For `throttle`: the `Retry-After` seconds. */
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    /** For `serverError`: 500, 502, 503 or 504. */
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
  })
  .strict();
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & { readonly id: number; remaining: number };

/** The decision for one request. */
export interface FaultDecision {
  /** Milliseconds to wait before handling (latency profile plus any `delay` rule). */
  readonly latencyMs: number;
  readonly fault?: {
    readonly kind: Exclude<FaultKind, 'delay'>;
    readonly retryAfterSeconds: number;
    readonly status: number;
    readonly hangMs: number;
    /** The scripted rule that caused it, if any. */
    readonly ruleId?: number;
  };
}

/** Counters the control API reports. */
export interface FaultStats {
  requests: number;
  byKind: Record<FaultKind, number>;
}

/**
 * Decides latency and faults per request: scripted rules first (consumed in order),
 * then the random rates of the active profile, drawn from a seeded generator.
 */
export class FaultInjector {
  private profile: FaultProfile;
  private rules: FaultRule[] = [];
  private nextRuleId = 1;
  private readonly rng: Rng;
  private readonly stats: Record<SandboxSystem, FaultStats> = { kashflow: emptyStats(), ax: emptyStats() };

  constructor(profile: FaultProfile, seed: number) {
    this.profile = profile;
    this.rng = new Rng(seed ^ 0x5eed);
  }

  /** The active profile. */
  currentProfile(): FaultProfile {
    return this.profile;
  }

  setProfile(profile: FaultProfile): void {
    this.profile = profile;
  }

  /** Adds a scripted rule (validated) and returns it with its id. */
  addRule(input: FaultRuleInput): FaultRule {
    const parsed = faultRuleSchema.parse(input);
    const rule: FaultRule = { ...parsed, id: this.nextRuleId++, remaining: parsed.count };
    this.rules.push(rule);
    return rule;
  }

  listRules(): readonly FaultRule[] {
    return this.rules;
  }

  clearRules(): void {
    this.rules = [];
  }

  statsFor(system: SandboxSystem): FaultStats {
    return this.stats[system];
  }

  resetStats(): void {
    this.stats.kashflow = emptyStats();
    this.stats.ax = emptyStats();
  }

  /** True when the active profile asks for unstable KashFlow list ordering. */
  unstableListOrder(): boolean {
    return this.profile.kashflow.unstableListOrder;
  }

  /** A random number from the injector's generator (for list shuffling). */
  random(): number {
    return this.rng.next();
  }

  decide(facts: RequestFacts): FaultDecision {
    const sys = this.profile[facts.system];
    const stats = this.stats[facts.system];
    stats.requests++;
    let latencyMs = sampleLatency(facts.isWrite ? sys.writeLatency : sys.readLatency, this.rng);
    const rule = this.takeRule(facts);
    if (rule) {
      stats.byKind[rule.fault]++;
      if (rule.fault === 'delay') return { latencyMs: latencyMs + (rule.delayMs ?? 1000) };
      return { latencyMs, fault: this.faultOf(rule.fault, sys, rule) };
    }
    const kind = this.drawKind(sys, facts.isWrite);
    if (kind === undefined) return { latencyMs };
    stats.byKind[kind]++;
    if (kind === 'timeout' && facts.system === 'kashflow') latencyMs += this.rng.int(0, 200);
    return { latencyMs, fault: this.faultOf(kind, sys) };
  }

  private faultOf(kind: Exclude<FaultKind, 'delay'>, sys: SystemFaults, rule?: FaultRule): NonNullable<FaultDecision['fault']> {
    return {
      kind,
      retryAfterSeconds: rule?.retryAfterSeconds ?? sys.retryAfterSeconds,
      status: rule?.status ?? (kind === 'serverError' ? (this.rng.chance(0.5) ? 503 : 500) : 500),
      hangMs: sys.timeoutHangMs,
      ...(rule ? { ruleId: rule.id } : {}),
    };
  }

  private drawKind(sys: SystemFaults, isWrite: boolean): Exclude<FaultKind, 'delay'> | undefined {
    const total = sys.throttle + sys.timeout + sys.serverError + sys.drop + (isWrite ? sys.commitThenDrop : 0);
    if (total <= 0) return undefined;
    let r = this.rng.next();
    if (r >= total) return undefined;
    for (const [kind, p] of [['throttle', sys.throttle], ['timeout', sys.timeout], ['serverError', sys.serverError], ['drop', sys.drop], ['commitThenDrop', isWrite ? sys.commitThenDrop : 0]] as const) {
      if (r < p) return kind;
      r -= p;
    }
    return undefined;
  }

  private takeRule(facts: RequestFacts): FaultRule | undefined {
    const i = this.rules.findIndex((r) => r.system === facts.system && (!r.writesOnly || facts.isWrite) && (r.company === undefined || r.company.toLowerCase() === facts.company?.toLowerCase()) && (r.fault !== 'commitThenDrop' || facts.isWrite) && matchesPattern(r.operation, facts.operation));
    if (i < 0) return undefined;
    const rule = this.rules[i] as FaultRule;
    rule.remaining--;
    if (rule.remaining <= 0) this.rules.splice(i, 1);
    return rule;
  }
}

function emptyStats(): FaultStats {
  return { requests: 0, byKind: { throttle: 0, timeout: 0, serverError: 0, drop: 0, commitThenDrop: 0, delay: 0 } };
}

const patternCache = new Map<string, RegExp>();

/** `*` matches any run of characters; comparison is case-insensitive. */
export function matchesPattern(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
    patternCache.set(pattern, re);
  }
  return re.test(value);
}

/** Draws one latency sample in whole milliseconds. */
export function sampleLatency(spec: LatencySpec, rng: Rng): number {
  switch (spec.dist) {
    case 'none':
      return 0;
    case 'fixed':
      return spec.ms;
    case 'uniform':
      return rng.int(spec.minMs, Math.max(spec.minMs, spec.maxMs));
    case 'lognormal': {
      // p99 = median · e^(2.326σ)
      const sigma = Math.log(Math.max(spec.p99Ms, spec.medianMs) / spec.medianMs) / 2.3263;
      return Math.min(spec.maxMs, Math.round(spec.medianMs * Math.exp(sigma * rng.normal())));
    }
  }
}
