/**
 * Customers (and suppliers) by `LastUpdatedDate`, the only change marker they have (reference
 * §5.2, §8). Each sweep lists the rows updated at or after the cursor minus the overlap,
 * reports the ones not seen before and stores `kashflow.customer.sync` events in the same
 * transaction as the advanced cursor. Suppliers are tracked and reported the same way; no flow
 * consumes them yet, so nothing is ingested for them.
 */
import type { InboundEvent } from '../../../engine/inbox.js';
import { WireReader, invalid } from '../wire/reader.js';
import { isPerRecordError, needsOperator, type ChangeDetectionContext } from './context.js';
import { customerSyncEvent } from './events.js';
import { scanPages, throwIfAborted } from './list-scan.js';
import { advancePartyCursor, decodePartyCursor, encodePartyCursor, normalizeTimestamp, shiftTimestamp } from './party-cursor.js';
import type { CustomerSource } from './settings.js';
import { SweepTally, type SweepReport } from './sweep-report.js';

/** One customer or supplier as the sweep sees it. */
interface PartyRow {
  /** Code as KashFlow wrote it (trimmed: padded codes exist, reference §7.4). */
  readonly code: string;
  readonly updated: string;
}

/** Sweeps of customers or suppliers. */
export class PartySweeper {
  readonly source: CustomerSource;

  constructor(
    private readonly ctx: ChangeDetectionContext,
    readonly party: 'customer' | 'supplier' = 'customer',
  ) {
    // SOAP has GetCustomersModifiedSince only; suppliers always come from REST.
    this.source = party === 'supplier' && ctx.settings.customerSource === 'soap' ? 'rest' : ctx.settings.customerSource;
  }

  /** Store cursor name. */
  get cursorName(): string {
    return `${this.ctx.settings.leaderName}/${this.party}s`;
  }

  private get path(): string {
    return this.party === 'customer' ? '/customers' : '/suppliers';
  }

  /** Lists changed rows, ingests their events and advances the cursor atomically. */
  async sweep(signal?: AbortSignal): Promise<SweepReport> {
    const { connection, engine, settings } = this.ctx;
    const tally = new SweepTally(this.party === 'customer' ? 'customers' : 'suppliers', this.party, () => connection.requestCount());
    try {
      const stored = await engine.store.getCursor(this.cursorName);
      const cursor = decodePartyCursor(stored);
      const floor = cursor ? shiftTimestamp(cursor.at, -settings.customerOverlapSeconds) : settings.syncFrom === undefined ? undefined : `${settings.syncFrom} 00:00:00`;
      const { rows, codes } = await this.list(floor, tally, signal);
      tally.listed = rows.size;
      const changed = [...rows].filter(([key, ts]) => cursor?.recent[key] !== ts).sort(([ka, a], [kb, b]) => (a < b ? -1 : a > b ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0));
      tally.changed = changed.length;
      const next = advancePartyCursor(cursor, rows, settings.customerOverlapSeconds);
      const nextText = next === undefined ? undefined : encodePartyCursor(next);
      const events: InboundEvent[] = this.party === 'customer' ? changed.map(([key, ts]) => customerSyncEvent(settings.source, codes.get(key) ?? key, ts)) : [];
      const chunk = settings.writeChunk;
      for (let start = 0; start < events.length; start += chunk) {
        throwIfAborted(signal, `${this.party} sweep`);
        const last = start + chunk >= events.length;
        const cursors = last && nextText !== undefined && nextText !== stored ? [{ name: this.cursorName, value: nextText }] : [];
        tally.stored(await engine.ingestMany(events.slice(start, start + chunk), { cursors }));
      }
      if (events.length === 0 && nextText !== undefined && nextText !== stored) await engine.ingestMany([], { cursors: [{ name: this.cursorName, value: nextText }] });
      return tally.report();
    } catch (err) {
      tally.incomplete = true;
      const e = tally.error(err);
      return tally.report(needsOperator(err) ? e : undefined);
    }
  }

  /**
   * Rows updated at or after `floor` (all when undefined): upper-cased code → newest timestamp,
   * and the code as KashFlow wrote it.
   */
  private async list(floor: string | undefined, tally: SweepTally, signal: AbortSignal | undefined): Promise<{ rows: Map<string, string>; codes: Map<string, string> }> {
    const rows = new Map<string, string>();
    const codes = new Map<string, string>();
    const add = (row: PartyRow): void => {
      if (floor !== undefined && row.updated < floor) return;
      const key = row.code.toUpperCase();
      const had = rows.get(key);
      if (had === undefined || row.updated > had) rows.set(key, row.updated);
      codes.set(key, row.code);
    };
    if (this.source === 'soap') {
      throwIfAborted(signal, `${this.party} sweep`);
      const since = (floor ?? '1900-01-01 00:00:00').replace(' ', 'T');
      for (const c of await this.ctx.connection.soap.getCustomersModifiedSince(since)) {
        const updated = normalizeTimestamp(c.updated);
        if (c.code === '' || updated === undefined) tally.error(invalid(`GetCustomersModifiedSince.Customer[${c.code || '?'}]`, c.code === '' ? 'Code is missing' : `unreadable Updated "${c.updated}"`), `${this.party} ${c.code}`);
        else add({ code: c.code, updated });
      }
      return { rows, codes };
    }
    const sorted = this.source === 'rest';
    const query = sorted ? { sortby: 'LastUpdatedDate', order: 'Desc' } : { sortby: 'Code', order: 'Asc' };
    for await (const page of scanPages(this.ctx.connection.rest, { path: this.path, perPage: this.ctx.settings.perPage, query, signal, what: `${this.party} sweep` })) {
      const parsed: PartyRow[] = [];
      page.forEach((raw, i) => {
        try {
          const row = readPartyRow(raw, `${this.path}[${i}]`);
          parsed.push(row);
          add(row);
        } catch (err) {
          if (!isPerRecordError(err)) throw err;
          tally.error(err, `${this.party} list row`);
        }
      });
      // Newest first: stop once a page ends with two rows older than the floor (a single row
      // moved across the page boundary by unstable ordering cannot hide a newer one).
      const tail = parsed.slice(-2);
      if (sorted && floor !== undefined && tail.length > 0 && tail.every((r) => r.updated < floor)) break;
    }
    return { rows, codes };
  }
}

/** Code and `LastUpdatedDate` of one list row. */
function readPartyRow(raw: unknown, path: string): PartyRow {
  const r = new WireReader(raw, path);
  const code = r.reqStr('Code');
  const text = r.str('LastUpdatedDate');
  const updated = normalizeTimestamp(text);
  if (updated === undefined) throw invalid(`${path}.LastUpdatedDate`, text === '' ? 'is required' : `expected a date-time like "2026-11-20 14:03:11", got ${JSON.stringify(text.slice(0, 40))}`);
  return { code, updated };
}
