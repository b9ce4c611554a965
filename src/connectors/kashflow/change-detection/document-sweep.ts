/**
 * Change detection for KashFlow sales invoices and purchases, which have no change marker
 * (reference §8): list summaries are hashed and compared with the last snapshot, details are
 * read only where payment lines are needed, and events are stored in the same transaction as
 * the snapshots that record them.
 *
 * Two sweeps share the machinery:
 *
 * - **hot** (frequent, cheap): the newest documents (`sortby=Number&order=Desc`) until a page
 *   ends with two documents issued before the hot window — new documents have the highest
 *   numbers even when back-dated — plus the open ones from `sortby=Status` (read from the
 *   end(s) where open statuses sort, until the first Paid/Overpaid row; an end found to start
 *   with a settled row is skipped until the next full sweep), plus a detail read,
 *   within `hotDetailBudget`, of each document the snapshots say was open but that neither
 *   list showed: typically one paid since the last sweep, which now sorts among the paid ones.
 * - **full** (slow): every page by `Number`. A remembered document the list did not show gets
 *   its miss counter raised; only after `missingSweepsBeforeReport` consecutive full sweeps,
 *   and a detail read answering 404, is it reported as possibly deleted. Nothing is ever
 *   deleted: list order is not stable (quirk #4), a row can be missing from one sweep.
 *
 * Invoices yield `kashflow.invoice.sync` (when it appears, or once paid, per `invoiceTrigger`)
 * and one `kashflow.payment.sync` per payment line not sent before, the invoice first, all in
 * the invoice's aggregate. Purchases are tracked and reported the same way; no flow consumes
 * them yet, so nothing is ingested for them.
 */
import { systemClock } from '../../../engine/clock.js';
import type { InboundEvent } from '../../../engine/inbox.js';
import { isKfaxError, KfaxError } from '../../../errors/kfax-error.js';
import type { SnapshotWrite } from '../../../store/types.js';
import { isPerRecordError, needsOperator, type ChangeDetectionContext } from './context.js';
import { invoiceSyncEvent, paymentSyncEvent } from './events.js';
import { scanPages, throwIfAborted } from './list-scan.js';
import { mapSettledLimit } from './pool.js';
import { decodeSnapshot, encodeSnapshot, snapshotScope, type DocumentSnapshot } from './snapshot.js';
import { readDocumentSummary, readPaymentIds, type DocumentKind, type DocumentSummary } from './summary.js';
import { SweepTally, type SweepReport } from './sweep-report.js';

/** Detail reads in flight at once. */
const DETAIL_CONCURRENCY = 4;
/** Missing documents tolerated in a full sweep before a mostly-empty list is distrusted. */
const MISSING_NOISE = 20;
const DAY_MS = 86_400_000;

/** One unit of work of a sweep. */
type Item =
  | { readonly n: number; readonly how: 'listed'; readonly summary: DocumentSummary; readonly prev: DocumentSnapshot | undefined }
  | { readonly n: number; readonly how: 'open-unseen'; readonly prev: DocumentSnapshot }
  | { readonly n: number; readonly how: 'missing'; readonly prev: DocumentSnapshot };

/** What one item leads to. */
interface Outcome {
  events: InboundEvent[];
  snapshot?: DocumentSnapshot;
  changed?: boolean;
  possiblyDeleted?: boolean;
}

/** Hot and full sweeps of one document kind. */
export class DocumentSweeper {
  private readonly checkedAt = new Map<number, number>();
  private sweeps = 0;
  /** Ends of the `sortby=Status` list found to start with settled documents (learned by hot sweeps, forgotten by full ones). */
  private readonly settledEnds = new Set<'Asc' | 'Desc'>();

  constructor(
    private readonly ctx: ChangeDetectionContext,
    readonly kind: DocumentKind,
  ) {}

  /** The frequent sweep: recent and open documents. */
  hot(signal?: AbortSignal): Promise<SweepReport> {
    return this.run('hot', signal);
  }

  /** The slow sweep: every document. */
  full(signal?: AbortSignal): Promise<SweepReport> {
    return this.run('full', signal);
  }

  /** Cursor holding the time (ms) of the last complete full sweep, for scheduling across restarts. */
  get fullSweepCursor(): string {
    return `${this.ctx.settings.leaderName}/${this.kind}/full-sweep`;
  }

  private get path(): string {
    return this.kind === 'invoice' ? '/invoices' : '/purchases';
  }

  private now(): number {
    return (this.ctx.clock ?? systemClock).now();
  }

  private async run(sweep: 'hot' | 'full', signal: AbortSignal | undefined): Promise<SweepReport> {
    const { connection, engine } = this.ctx;
    const tally = new SweepTally(sweep, this.kind, () => connection.requestCount());
    this.sweeps++;
    try {
      const stored = await engine.store.getSnapshots(snapshotScope(this.kind));
      const snapshots = new Map<number, DocumentSnapshot>();
      for (const [key, text] of stored) {
        const s = decodeSnapshot(text);
        if (s && /^\d+$/.test(key)) snapshots.set(Number(key), s);
      }
      const seen = new Map<number, DocumentSummary>();
      if (sweep === 'full') this.settledEnds.clear();
      if (sweep === 'full') await this.listAll(seen, tally, signal);
      else await this.listHot(seen, tally, signal);
      tally.listed = seen.size;

      const items: Item[] = [...seen.values()].map((summary) => ({ n: summary.number, how: 'listed' as const, summary, prev: snapshots.get(summary.number) }));
      if (sweep === 'full') {
        const missing = [...snapshots].filter(([n]) => !seen.has(n));
        // A list that lost most of the account (an empty answer, a server hiccup) says nothing about deletions.
        if (missing.length > MISSING_NOISE && missing.length * 2 > snapshots.size) {
          tally.incomplete = true;
          tally.error(new KfaxError('KFAX_POLLER_ABORTED', [`${this.kind} full`, `the list showed ${seen.size} documents but ${missing.length} of ${snapshots.size} known ones were missing; misses not counted`]));
        } else for (const [n, prev] of missing) items.push({ n, how: 'missing', prev });
      } else if (this.kind === 'invoice') {
        items.push(...this.openUnseen(snapshots, seen).map((n) => ({ n, how: 'open-unseen' as const, prev: snapshots.get(n)! })));
      }
      items.sort((a, b) => a.n - b.n);
      await this.processAll(items, tally, signal);
      if (sweep === 'full' && !tally.incomplete) await engine.store.setCursor(this.fullSweepCursor, String(Date.now()), this.now());
      return tally.report();
    } catch (err) {
      tally.incomplete = true;
      const e = tally.error(err);
      return tally.report(needsOperator(err) ? e : undefined);
    }
  }

  /** Every page, by number. */
  private async listAll(seen: Map<number, DocumentSummary>, tally: SweepTally, signal: AbortSignal | undefined): Promise<void> {
    for await (const rows of scanPages(this.ctx.connection.rest, { path: this.path, perPage: this.ctx.settings.perPage, query: { sortby: 'Number', order: 'Asc' }, signal, what: `${this.kind} full` })) {
      this.collect(rows, seen, tally);
    }
  }

  /** Newest documents down to the hot window, then the open ones by status. */
  private async listHot(seen: Map<number, DocumentSummary>, tally: SweepTally, signal: AbortSignal | undefined): Promise<void> {
    const { settings, connection } = this.ctx;
    const windowStart = new Date(this.now() - settings.hotWindowDays * DAY_MS).toISOString().slice(0, 10);
    const what = `${this.kind} hot`;
    for await (const rows of scanPages(connection.rest, { path: this.path, perPage: settings.perPage, query: { sortby: 'Number', order: 'Desc' }, signal, what })) {
      const page = this.collect(rows, seen, tally);
      // Two old rows at the end: a single row moved across the page boundary (quirk #4) cannot hide a recent one.
      const tail = page.slice(-2);
      if (tail.length > 0 && tail.every((s) => s.issuedDate !== undefined && s.issuedDate < windowStart)) break;
    }
    const orders = settings.statusScan === 'both' ? (['Asc', 'Desc'] as const).filter((o) => !this.settledEnds.has(o)) : [settings.statusScan === 'asc' ? ('Asc' as const) : ('Desc' as const)];
    for (const order of orders) {
      let first = true;
      for await (const rows of scanPages(connection.rest, { path: this.path, perPage: settings.perPage, query: { sortby: 'Status', order }, signal, what })) {
        const page = this.collect(rows, seen, tally);
        // An end that starts with a settled row holds no open documents: skip it until the next full sweep re-checks.
        if (first && page[0]?.settled && settings.statusScan === 'both') this.settledEnds.add(order);
        first = false;
        if (page.length === 0 || page.some((s) => s.settled)) break;
      }
    }
  }

  /** Parses a page into `seen` (first sighting wins; a row listed twice counts once). Returns the page's readable rows. */
  private collect(rows: readonly unknown[], seen: Map<number, DocumentSummary>, tally: SweepTally): DocumentSummary[] {
    const page: DocumentSummary[] = [];
    rows.forEach((row, i) => {
      try {
        const s = readDocumentSummary(row, this.kind, `${this.path}[${i}]`);
        page.push(s);
        if (!seen.has(s.number)) seen.set(s.number, s);
      } catch (err) {
        if (!isPerRecordError(err)) throw err;
        tally.error(err, `${this.kind} list row`);
      }
    });
    return page;
  }

  /** Remembered-open invoices neither hot list showed, least recently checked first, within the budget. */
  private openUnseen(snapshots: ReadonlyMap<number, DocumentSnapshot>, seen: ReadonlyMap<number, DocumentSummary>): number[] {
    const candidates = [...snapshots].filter(([n, s]) => s.o && !s.s && !seen.has(n)).map(([n]) => n);
    candidates.sort((a, b) => (this.checkedAt.get(a) ?? 0) - (this.checkedAt.get(b) ?? 0) || b - a);
    const chosen = candidates.slice(0, this.ctx.settings.hotDetailBudget);
    for (const n of chosen) this.checkedAt.set(n, this.sweeps);
    return chosen;
  }

  /** Works through the items in chunks; each chunk's events and snapshots commit together. */
  private async processAll(items: readonly Item[], tally: SweepTally, signal: AbortSignal | undefined): Promise<void> {
    const chunk = this.ctx.settings.writeChunk;
    for (let start = 0; start < items.length; start += chunk) {
      throwIfAborted(signal, `${this.kind} ${tally.kind}`);
      const slice = items.slice(start, start + chunk);
      const outcomes = await mapSettledLimit(slice, DETAIL_CONCURRENCY, async (item) => {
        try {
          return await this.process(item, tally);
        } catch (err) {
          if (!isPerRecordError(err)) throw err;
          tally.error(err, `${this.kind} ${item.n}`);
          return { events: [] } satisfies Outcome;
        }
      });
      const events: InboundEvent[] = [];
      const snapshots: SnapshotWrite[] = [];
      outcomes.forEach((o, i) => {
        events.push(...o.events);
        if (o.snapshot) snapshots.push({ scope: snapshotScope(this.kind), key: String(slice[i]!.n), hash: encodeSnapshot(o.snapshot) });
        if (o.changed) tally.changed++;
        if (o.possiblyDeleted) tally.possiblyDeleted.push(slice[i]!.n);
      });
      if (events.length === 0 && snapshots.length === 0) continue;
      tally.stored(await this.ctx.engine.ingestMany(events, { snapshots }));
    }
  }

  private async process(item: Item, tally: SweepTally): Promise<Outcome> {
    if (item.how === 'listed') return this.apply(item.n, item.summary, undefined, item.prev, tally);
    if (item.how === 'open-unseen') {
      const detail = await this.detail(item.n, tally).catch((err: unknown) => {
        // Gone from the list and by number: one absence is not a deletion; full sweeps decide.
        if (isKfaxError(err) && err.code === 'KFAX_KASHFLOW_NOT_FOUND') return undefined;
        throw err;
      });
      if (detail === undefined) return { events: [] };
      return this.apply(item.n, readDocumentSummary(detail, this.kind), detail, item.prev, tally);
    }
    const misses = item.prev.m + 1;
    if (misses < this.ctx.settings.missingSweepsBeforeReport || item.prev.r) return { events: [], snapshot: { ...item.prev, m: misses } };
    const detail = await this.detail(item.n, tally).catch((err: unknown) => {
      if (isKfaxError(err) && err.code === 'KFAX_KASHFLOW_NOT_FOUND') return undefined;
      throw err;
    });
    if (detail === undefined) return { events: [], snapshot: { ...item.prev, m: misses, r: true }, possiblyDeleted: true };
    return this.apply(item.n, readDocumentSummary(detail, this.kind), detail, item.prev, tally);
  }

  /**
   * Compares a document with its snapshot and decides what to ingest. `detail` is read here
   * only when payment lines are needed (an invoice that goes to AX and has payments).
   */
  private async apply(n: number, listed: DocumentSummary, given: unknown, prev: DocumentSnapshot | undefined, tally: SweepTally): Promise<Outcome> {
    const { settings } = this.ctx;
    const skip = prev ? prev.s === true : settings.syncFrom !== undefined && listed.issuedDate !== undefined && listed.issuedDate < settings.syncFrom;
    const goes = (s: DocumentSummary): boolean => this.kind === 'invoice' && !skip && (prev?.i === true || settings.invoiceTrigger === 'issued' || s.fullyPaid);
    const pendingInvoice = prev !== undefined && !prev.i && goes(listed);
    if (prev && prev.h === listed.hash && !pendingInvoice) {
      // Unchanged. A document seen again after a miss gets its counter back to zero.
      return prev.m > 0 || prev.r ? { events: [], snapshot: { ...prev, m: 0, r: false } } : { events: [] };
    }
    let summary = listed;
    let detail = given;
    if (detail === undefined && goes(summary) && summary.hasPayments) {
      detail = await this.detail(n, tally);
      summary = readDocumentSummary(detail, this.kind);
    }
    const sends = goes(summary);
    const events: InboundEvent[] = [];
    if (sends && !prev?.i) events.push(invoiceSyncEvent(settings.source, n));
    const paid = new Set(prev?.p ?? []);
    if (sends && detail !== undefined) {
      for (const id of readPaymentIds(detail).sort((a, b) => a - b)) {
        if (paid.has(id)) continue;
        paid.add(id);
        events.push(paymentSyncEvent(settings.source, n, id));
      }
    }
    const snapshot: DocumentSnapshot = { h: summary.hash, d: summary.issuedDate ?? '', o: !summary.settled, i: sends || prev?.i === true, p: [...paid], m: 0, ...(skip ? { s: true } : {}) };
    return { events, snapshot, changed: true };
  }

  /** Reads one document's detail (counted in the report whatever the answer). */
  private detail(n: number, tally: SweepTally): Promise<unknown> {
    tally.details++;
    return this.ctx.connection.rest.get(`${this.path}/${n}`);
  }
}
