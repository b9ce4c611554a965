import type { DocumentLine } from '../../canonical/document-line.js';
import type { TradeDocument } from '../../canonical/invoice.js';
import { toUnits } from '../../canonical/units.js';
import type { CompiledMapping } from '../compile/compile.js';
import type { Facts } from '../compile/facts.js';
import type { LinePlan } from '../compile/line-plan.js';
import type { AxReferenceData } from '../reference/reference-data.js';
import { decideLine, type LineDecision, type LineScope } from './line-decisions.js';

/*
 * Remembering line decisions. A decision is a pure function of the compiled mapping, the
 * reference data, the document-level context (entity, sales tax group, inherited header
 * dimensions, the document facts the line rules read) and the line facts the rules read; the
 * line plan says which facts those are. Decisions are kept in nested maps keyed by those
 * values (no key text is built per line): across documents per compiled mapping and
 * reference-data revision, or, for reference data that cannot say when it changes, for one
 * document at a time. Both levels are bounded: a full level is simply emptied.
 */

const MAX_SCOPES = 64;
const MAX_LINES_PER_SCOPE = 4096;

type Node = Map<unknown, unknown>;
interface Level {
  readonly root: Node;
  size: number;
}
interface Store {
  readonly noRef: Level;
  readonly byRef: WeakMap<AxReferenceData, { readonly revision: number; readonly level: Level }>;
}
const stores = new WeakMap<CompiledMapping, Store>();

/** Marks a value that cannot be a key (objects, decimals): such a line is decided afresh. */
const UNKEYABLE = Symbol('unkeyable');

function keyOf(v: unknown): unknown {
  return v === null || (typeof v !== 'object' && typeof v !== 'function' && typeof v !== 'symbol') ? v : UNKEYABLE;
}

function lookup(level: Level, keys: readonly unknown[]): unknown {
  let node: Node | undefined = level.root;
  for (let i = 0; i < keys.length - 1 && node; i++) node = node.get(keys[i]) as Node | undefined;
  return node?.get(keys[keys.length - 1]);
}

function insert(level: Level, keys: readonly unknown[], value: unknown, max: number): void {
  if (level.size >= max) {
    level.root.clear();
    level.size = 0;
  }
  let node = level.root;
  for (let i = 0; i < keys.length - 1; i++) {
    let next = node.get(keys[i]) as Node | undefined;
    if (!next) {
      next = new Map();
      node.set(keys[i], next);
    }
    node = next;
  }
  node.set(keys[keys.length - 1], value);
  level.size++;
}

/** The document contexts remembered for a mapping and reference data, or undefined when the reference data cannot say when it changes. */
function storeOf(cm: CompiledMapping, ref: AxReferenceData | undefined): Level | undefined {
  let store = stores.get(cm);
  if (!store) {
    store = { noRef: { root: new Map(), size: 0 }, byRef: new WeakMap() };
    stores.set(cm, store);
  }
  if (ref === undefined) return store.noRef;
  const revision = ref.revision;
  if (typeof revision !== 'number') return undefined;
  let entry = store.byRef.get(ref);
  if (!entry || entry.revision !== revision) {
    entry = { revision, level: { root: new Map(), size: 0 } };
    store.byRef.set(ref, entry);
  }
  return entry.level;
}

/** The decisions of a document's lines, found again when an earlier line (of any document) had the same facts. */
export class LineDecisions {
  private readonly lines: Level | undefined;
  /** True when the remembered decisions outlive this document. */
  private readonly shared: boolean;
  private readonly lineFacts: LinePlan['lineFacts'];
  private readonly extra: unknown[] = [];

  constructor(private readonly scope: LineScope) {
    const plan = scope.ctx.cm.linePlans.get(scope.doc.kind);
    this.lineFacts = plan?.lineFacts ?? [];
    const level = plan?.memoizable && scope.remember ? scopeLevel(scope, plan) : undefined;
    this.lines = level === undefined ? undefined : level === 'document' ? { root: new Map(), size: 0 } : level;
    this.shared = level !== undefined && level !== 'document';
  }

  /** The decision for line `i`. */
  get(line: DocumentLine, i: number): LineDecision | Promise<LineDecision> {
    const level = this.lines;
    if (level === undefined) return decideLine(this.scope, line, i, line.vatRate.toString(), this.shared);
    // nominal, product code, VAT rate (units of 10^-4, else its text), exemption, then the plan's line facts
    const rate = toUnits(line.vatRate, 4) ?? line.vatRate.toString();
    let node = level.root.get(line.nominalCode) as Node | undefined;
    if (node) node = node.get(line.productCode ?? '') as Node | undefined;
    if (node) node = node.get(rate) as Node | undefined;
    let hit: unknown;
    if (this.lineFacts.length === 0) hit = node?.get(line.vatExempt);
    else {
      if (node) node = node.get(line.vatExempt) as Node | undefined;
      for (let k = 0; k < this.lineFacts.length; k++) {
        const key = keyOf(lineFactValue(this.lineFacts[k] as LinePlan['lineFacts'][number], this.scope.doc, line, this.scope.docFacts));
        if (key === UNKEYABLE) return decideLine(this.scope, line, i, line.vatRate.toString(), this.shared);
        this.extra[k] = key;
        if (k < this.lineFacts.length - 1) node = node?.get(key) as Node | undefined;
        else hit = node?.get(key);
      }
    }
    if (hit !== undefined) return hit as LineDecision;
    const d = decideLine(this.scope, line, i, line.vatRate.toString(), this.shared);
    if (!(d instanceof Promise)) insert(level, [line.nominalCode, line.productCode ?? '', rate, line.vatExempt, ...this.extra.slice(0, this.lineFacts.length)], d, MAX_LINES_PER_SCOPE);
    return d;
  }
}

function lineFactValue(name: LinePlan['lineFacts'][number], doc: TradeDocument, line: DocumentLine, docFacts: Facts): unknown {
  let v: unknown;
  switch (name) {
    case 'project':
      v = line.projectNumber ?? doc.projectNumber;
      break;
    case 'description':
      v = line.description;
      break;
    case 'lineNumber':
      v = line.number;
      break;
    case 'quantity':
      v = line.quantity;
      break;
    case 'amount':
      v = line.net;
      break;
  }
  return v === undefined ? docFacts[name] : v;
}

/**
 * The decisions remembered for this document's context (created when new); `document` when
 * they can only be remembered for this document; undefined when the context cannot be keyed.
 */
function scopeLevel(s: LineScope, plan: LinePlan): Level | 'document' | undefined {
  const keys: unknown[] = [s.doc.kind, s.taxGroup.group, s.taxGroup.rule, s.inherit?.size ?? 0];
  if (s.inherit) for (const [k, v] of s.inherit) keys.push(k, v.value, v.rule);
  for (const read of plan.documentFacts) {
    const key = keyOf(read(s.docFacts));
    if (key === UNKEYABLE) return undefined;
    keys.push(key);
  }
  const scopes = storeOf(s.ctx.cm, s.ctx.ref);
  if (!scopes) return 'document';
  let level = lookup(scopes, keys) as Level | undefined;
  if (!level) {
    level = { root: new Map(), size: 0 };
    insert(scopes, keys, level, MAX_SCOPES);
  }
  return level;
}
