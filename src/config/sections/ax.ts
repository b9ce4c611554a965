/**
 * `ax:` — the Dynamics AX 2012 AIF integration port (HTTP adapter on IIS) kfax writes to.
 */
import { z } from 'zod';

export const axSection = z
  .strictObject({
    /** Endpoint, e.g. `http://aos:8101/MicrosoftDynamicsAXAif60/KFAX/xppservice.svc`. */
    url: z.url(),
    /** Legal entity (DataAreaId) for every call. */
    company: z.string().min(1).max(4),
    language: z.string().min(2).default('en-gb'),
    auth: z.strictObject({
      /** IIS Windows authentication (`ntlm`) or Basic over TLS. */
      kind: z.enum(['ntlm', 'basic']).default('ntlm'),
      domain: z.string().default(''),
      username: z.string().min(1),
      password: z.string().min(1),
    }),
    /** Parallel connections to the AOS (the reference advises 4–8). */
    connections: z.int().min(1).max(64).default(4),
    /**
     * Look-ups of posted transactions by document number asked for at the same time (every
     * invoice and payment sync reads back what AX posted) go to AX as one `find` with up to this
     * many criteria; 1 sends one call each. Relies on AIF ORing criteria (reference §1.3, [C1]);
     * a document the combined answer lacks is asked again on its own.
     */
    lookupBatchSize: z.int().min(1).max(200).default(25),
    /** Per-call timeout; creates can take seconds. */
    timeoutMs: z.int().min(1000).max(600_000).default(60_000),
    /**
     * Batch mode: when calls keep timing out, send several documents per AIF create (each batch
     * has its own MessageId derived from its members) and return to single documents when healthy.
     */
    batch: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Documents per call in batch mode. */
        maxDocuments: z.int().min(2).max(500).default(20),
        /** Consecutive timeouts that switch an endpoint to batch mode. */
        timeoutsToSwitch: z.int().min(1).max(1000).default(3),
        /** Consecutive healthy calls that switch it back. */
        healthyCallsToSwitchBack: z.int().min(1).max(100_000).default(20),
        /**
         * Also batch a healthy service while its calls are busy: `true` (the default) from
         * `ax.connections` calls in flight (documents that would only wait for a free connection
         * travel together), a number from that many calls in flight (a fast AOS under a backlog
         * then gets fewer, fuller calls), `false` only in batch mode.
         */
        whenBusy: z.union([z.boolean(), z.int().min(1).max(64)]).optional(),
        /** How long to wait for more documents before sending a batch. */
        lingerMs: z.int().min(0).max(10_000).default(25),
      })
      .prefault({}),
  })
  .optional();

/** The validated `ax` section. */
export type AxConfig = NonNullable<z.output<typeof axSection>>;
