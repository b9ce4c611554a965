import type { World } from '../../seed/types.js';
import { CompanyState, type MasterRow } from './company.js';
import { Keyed } from './keyed.js';
import { seedItem, seedParty, seedProduct } from './seed-records.js';
import { NumberSequence } from './tx.js';

/** A MessageId AIF has processed successfully (duplicate detection, reference §1.4). */
export interface ProcessedMessage {
  /** Normalised: lower case, no braces. */
  readonly messageId: string;
  /** As the client sent it. */
  readonly sent: string;
  readonly service: string;
  readonly operation: string;
  readonly company: string;
  readonly user: string;
  readonly at: string;
  readonly keys: readonly string[];
}

/** AX's first RecId on a fresh database (0x150000000). */
const FIRST_REC_ID = 5637144576;

/**
 * Everything one AOS holds: its companies, the company-independent shared products, the
 * processed MessageIds (remembered per AOS, not per company) and the RecId allocator.
 */
export class AosState {
  readonly companies: Keyed<CompanyState>;
  readonly products = new Keyed<MasterRow>((r) => {
    const v = r.record.fields.DisplayProductNumber;
    return typeof v === 'string' ? v : '';
  });
  readonly messages = new Map<string, ProcessedMessage>();
  readonly seq = { product: new NumberSequence('P', 6), party: new NumberSequence('', 9, 1001) };
  private recId = FIRST_REC_ID;
  private versionState = 0x2545f491;

  constructor(world: World, nowMs: number) {
    this.companies = new Keyed((c) => c.id, world.ax.companies.map((c) => new CompanyState(c)));
    for (const seed of world.ax.companies) {
      const company = this.companies.get(seed.id) as CompanyState;
      for (const p of seed.customers) company.customers.set({ record: seedParty('CustTable', p, this), createdAt: nowMs, modifiedAt: nowMs });
      for (const p of seed.vendors) company.vendors.set({ record: seedParty('VendTable', p, this), createdAt: nowMs, modifiedAt: nowMs });
      for (const p of seed.products) {
        if (!this.products.has(p.itemId)) this.products.set({ record: seedProduct(p, this), createdAt: nowMs, modifiedAt: nowMs });
        if (p.released) company.items.set({ record: seedItem(p, this), createdAt: nowMs, modifiedAt: nowMs });
      }
    }
  }

  nextRecId(): number {
    return this.recId++;
  }

  /** A new RecVersion: AX assigns a fresh (pseudo-random) positive int on every update. */
  nextRecVersion(): number {
    // xorshift32: deterministic for a given history, never 0 or 1 (1 marks a new record).
    let x = this.versionState;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.versionState = x >>> 0;
    return (this.versionState % 2147483645) + 2;
  }

  /** The company for a DataAreaId (case-insensitive). */
  company(id: string): CompanyState | undefined {
    return this.companies.get(id);
  }
}

/** Normalises a MessageId: braces optional, case-insensitive. Undefined when it is not a GUID. */
export function normaliseMessageId(raw: string): string | undefined {
  const t = raw.trim();
  const m = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/.exec(t);
  if (!m?.[1]) return undefined;
  if ((t.startsWith('{') && !t.endsWith('}')) || (!t.startsWith('{') && t.endsWith('}'))) return undefined;
  return m[1].toLowerCase();
}
