/**
 * Settings of KashFlow change detection: the `kashflow.polling` config section, the flows'
 * invoice trigger, and a few knobs the config section does not (yet) carry, with defaults.
 */
import { z } from 'zod';
import { KfaxError } from '../../../errors/kfax-error.js';

/** Where changed customers are listed from (see {@link PollerSettings.customerSource}). */
export const CUSTOMER_SOURCES = ['rest', 'rest-scan', 'soap'] as const;
export type CustomerSource = (typeof CUSTOMER_SOURCES)[number];

/** The `kashflow.polling` section as `src/config/sections/kashflow.ts` validates it. */
export interface PollingSection {
  enabled: boolean;
  hotIntervalSeconds: number;
  hotWindowDays: number;
  fullIntervalSeconds: number;
  customersIntervalSeconds: number;
  perPage: number;
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-MM-dd');

/** Knobs beyond the config section; every one has a default. */
export const pollerExtrasSchema = z.strictObject({
  /**
   * `rest` (default): `GET /customers?sortby=LastUpdatedDate&order=Desc`, read until past the
   * cursor — usually one request, same session as everything else. Sorting customers by
   * `LastUpdatedDate` is not documented for real KashFlow [U]; if an account refuses it, use
   * `rest-scan` (every page by `Code`, filtered here; robust but costs the whole list) or
   * `soap` (`GetCustomersModifiedSince`, documented [C2], one request, but needs SOAP access
   * and its time zone is [U]: kfax sends the REST wall-clock text unchanged).
   */
  customerSource: z.enum(CUSTOMER_SOURCES).default('rest'),
  /**
   * Each customer sweep re-reads this far behind the cursor, so a change committed late with
   * an earlier `LastUpdatedDate`, or a row hidden by unstable paging, gets a second chance.
   * Rows already seen in that overlap are recognised and not reported again.
   */
  customerOverlapSeconds: z.int().min(0).max(86_400).default(120),
  /** A document is reported as possibly deleted after missing from this many consecutive full sweeps (never deleted). */
  missingSweepsBeforeReport: z.int().min(2).max(100).default(3),
  /**
   * Hot sweep: most detail reads (`GET /invoices/{n}`) for open documents the status scan did
   * not show (typically: documents paid since the last sweep). The rest wait for the next sweep.
   */
  hotDetailBudget: z.int().min(0).max(10_000).default(50),
  /**
   * Which ends of the `sortby=Status` list hold the open (not paid) documents. KashFlow's status
   * sort order is [U]: sorted as an enum (the sandbox: NA, Unpaid, PartPaid, Overdue, Paid,
   * Overpaid) the open ones come first; sorted alphabetically they sit at both ends. `both`
   * (default) works either way for one extra request per sweep.
   */
  statusScan: z.enum(['both', 'asc', 'desc']).default('both'),
  /**
   * Documents issued (customers updated) before this date are recorded but never sent: set it
   * to the go-live date so history already in the ledger is not carried again. Absent: all.
   */
  syncFrom: date.optional(),
  /** Also watch purchases (no flow consumes them yet: changes are reported, nothing is ingested). */
  purchases: z.boolean().default(false),
  /** Documents per atomic store write (events + their snapshots). */
  writeChunk: z.int().min(1).max(5000).default(200),
  /** Inbox `source` of the events. */
  source: z.string().min(1).max(200).default('kashflow-poller'),
  /** Name of the leadership (one poller per store). */
  leaderName: z.string().min(1).max(200).default('kashflow-poller'),
});

/** Input form of the extra knobs (everything optional). */
export type PollerExtras = z.input<typeof pollerExtrasSchema>;

/** Everything change detection needs. */
export interface PollerSettings extends PollingSection, z.output<typeof pollerExtrasSchema> {
  /** `flows.invoiceTrigger`: an invoice goes when it appears (`issued`) or once it is paid (`paid`). */
  invoiceTrigger: 'issued' | 'paid';
}

/** The config section's defaults (kept equal to `src/config/sections/kashflow.ts`). */
export const DEFAULT_POLLING: PollingSection = {
  enabled: true,
  hotIntervalSeconds: 60,
  hotWindowDays: 45,
  fullIntervalSeconds: 3600,
  customersIntervalSeconds: 300,
  perPage: 100,
};

/**
 * Combines the config section, the invoice trigger and the extra knobs. Bad extras are a
 * `KFAX_CONFIG_INVALID` naming the key (`kashflow.polling.customerSource`) and the reason.
 */
export function resolvePollerSettings(polling: Partial<PollingSection> = {}, invoiceTrigger: 'issued' | 'paid' = 'issued', extras: PollerExtras = {}): PollerSettings {
  const parsed = pollerExtrasSchema.safeParse(extras);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = ['kashflow', 'polling', ...issue.path.map(String)].join('.');
    throw new KfaxError('KFAX_CONFIG_INVALID', [issue.code === 'unrecognized_keys' ? `${key}.${issue.keys.join(',')}` : key, issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message]);
  }
  const merged = { ...DEFAULT_POLLING, ...polling };
  for (const [k, v] of Object.entries(merged)) {
    if (k !== 'enabled' && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) throw new KfaxError('KFAX_CONFIG_INVALID', [`kashflow.polling.${k}`, 'expected a whole number of at least 1']);
  }
  if (invoiceTrigger !== 'issued' && invoiceTrigger !== 'paid') throw new KfaxError('KFAX_CONFIG_INVALID', ['flows.invoiceTrigger', 'expected issued or paid']);
  return { ...merged, ...parsed.data, invoiceTrigger };
}
