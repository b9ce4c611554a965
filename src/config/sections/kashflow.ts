/**
 * `kashflow:` — the KashFlow account kfax reads from and writes shop invoices to. Secrets as
 * `${ENV_VAR}` or `passwordFile:`-style keys, never in the file. Absent when no flow needs it;
 * `kfax run` then refuses to start flows that do.
 */
import { z } from 'zod';
import { pollerExtrasSchema } from '../../connectors/kashflow/change-detection/settings.js';

export const kashflowSection = z
  .strictObject({
    /** REST API base (v2). */
    restUrl: z.url().default('https://api.kashflow.com/v2'),
    /** Legacy SOAP endpoint (payments, changed customers). */
    soapUrl: z.url().default('https://securedwebapp.com/api/service.asmx'),
    username: z.string().min(1),
    password: z.string().min(1),
    /** Answers the 3-character memorable-word challenge of the REST login. */
    memorableWord: z.string().min(3),
    /** Separate SOAP API password, when the account uses one (defaults to `password`). */
    soapPassword: z.string().min(1).optional(),
    /** Parallel connections (KashFlow publishes no limit; others use ≤ 8). */
    connections: z.int().min(1).max(32).default(8),
    /** Per-request timeout. */
    timeoutMs: z.int().min(1000).max(600_000).default(30_000),
    /**
     * For this long after kfax created an invoice (a shop order), its AX sync uses KashFlow's
     * answer to the create instead of reading the invoice back (same process, not on a re-send,
     * at most 20,000 held); 0 always reads back. An edit typed into KashFlow within the window is
     * not in what goes to AX (reconciliation reports it, as for any edit after sending). [U]
     * whether real KashFlow answers a create with the whole invoice: an answer that does not
     * read as one is ignored and the invoice read back.
     */
    reuseCreatedInvoicesSeconds: z.int().min(0).max(3600).default(60),
    /** Change detection (KashFlow has no webhooks). */
    polling: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Sweep of recent and unpaid documents. */
        hotIntervalSeconds: z.int().min(1).max(86_400).default(60),
        /** How far back the hot sweep looks (issued date). */
        hotWindowDays: z.int().min(1).max(3650).default(45),
        /** Full sweep of every document. */
        fullIntervalSeconds: z.int().min(60).max(7 * 86_400).default(3600),
        /** Customers changed since the last sweep (LastUpdatedDate). */
        customersIntervalSeconds: z.int().min(1).max(86_400).default(300),
        perPage: z.int().min(1).max(500).default(100),
        // The finer knobs (customerSource, syncFrom, purchases, statusScan, hotDetailBudget,
        // missingSweepsBeforeReport, customerOverlapSeconds, …): see docs/change-detection.md.
        ...pollerExtrasSchema.partial().shape,
      })
      .prefault({}),
  })
  .optional();

/** The validated `kashflow` section. */
export type KashflowConfig = NonNullable<z.output<typeof kashflowSection>>;
