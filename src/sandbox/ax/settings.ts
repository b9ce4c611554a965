import { z } from 'zod';
import { SERVICE_DEFINITIONS, SERVICE_IDS, type ServiceId } from './catalog.js';

/**
 * Behaviour switches of the AX sandbox. Where AX's real behaviour is unknown the default is
 * the most plausible choice and the switch lets tests and users try the alternative.
 */
export interface AxSettings {
  /** Port option "Include exceptions in fault" (Troubleshooting FastTab). Default on for the sandbox. */
  includeExceptionsInFault: boolean;
  /** Post free-text invoices and journals inside the create call (a customisation many sites have). */
  autoPost: boolean;
  /** Reject elements out of schema order (real AX validates the sequence; default lenient). */
  strictElementOrder: boolean;
  /** How several `CriteriaElement`s combine: OR per the docs [C1], AND as many assume. */
  criteriaCombine: 'OR' | 'AND';
  /** Accept NTLMv1 / NTLM2-session responses (IIS with LmCompatibilityLevel < 5). Default refused. */
  acceptNtlmV1: boolean;
  /** Largest accepted request body in bytes (413 above it). */
  bodyLimit: number;
  /** External service names by service id (the SOAPAction segment). */
  externalNames: Partial<Record<ServiceId, string>>;
  /** Document (root element) names by service id. */
  documentNames: Partial<Record<ServiceId, string>>;
  /** Key field a free-text invoice create returns [G]: `RecId` (default) or `InvoiceId` (falls back to RecId while unposted). */
  freeTextInvoiceKeyField: 'RecId' | 'InvoiceId';
  /** Key field journal creates return [G]: `JournalNum` (default) or `RecId`. */
  journalKeyField: 'JournalNum' | 'RecId';
  /** The three preconditions of getChangedKeys (reference §4); getKeys needs the document filter. */
  changeTracking: { enabled: boolean; enhancedPort: boolean; documentFilter: boolean };
  /** Status of an injected throttle: 429 (like D365 service protection) or 503 (IIS queue full). */
  throttleStatus: 429 | 503;
  /** Port option "Limit number of documents" (reference §5): most records/keys per answer. */
  maxDocumentsPerResponse: number;
  /** Accounts (`DOMAIN\user`) allowed to act for another user through `CallContext/LogonAsUser`. */
  trustedIntermediaries: string[];
  /** `EnableIdempotence` on create/update/delete (reference §1.4). */
  duplicateMessageCheck: boolean;
}

/** Defaults (what `reset` returns to unless the server was created with overrides). */
export function defaultSettings(): AxSettings {
  return {
    includeExceptionsInFault: true,
    autoPost: true,
    strictElementOrder: false,
    criteriaCombine: 'OR',
    acceptNtlmV1: false,
    bodyLimit: 4 * 1024 * 1024,
    externalNames: {},
    documentNames: {},
    freeTextInvoiceKeyField: 'RecId',
    journalKeyField: 'JournalNum',
    changeTracking: { enabled: false, enhancedPort: false, documentFilter: false },
    throttleStatus: 429,
    maxDocumentsPerResponse: 1000,
    trustedIntermediaries: [],
    duplicateMessageCheck: true,
  };
}

const NAME = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,80}$/, 'expected an identifier (letters, digits, underscore)');
const serviceNames = z.object(Object.fromEntries(SERVICE_IDS.map((id) => [id, NAME.optional()])) as Record<ServiceId, z.ZodOptional<typeof NAME>>).strict();

/** Body of `PUT /_sandbox/ax/settings`: any subset of the settings. */
export const settingsPatchSchema = z
  .object({
    includeExceptionsInFault: z.boolean(),
    autoPost: z.boolean(),
    strictElementOrder: z.boolean(),
    criteriaCombine: z.enum(['OR', 'AND']),
    acceptNtlmV1: z.boolean(),
    bodyLimit: z.number().int().min(1024).max(64 * 1024 * 1024),
    externalNames: serviceNames,
    documentNames: serviceNames,
    freeTextInvoiceKeyField: z.enum(['RecId', 'InvoiceId']),
    journalKeyField: z.enum(['JournalNum', 'RecId']),
    changeTracking: z.object({ enabled: z.boolean(), enhancedPort: z.boolean(), documentFilter: z.boolean() }).partial().strict(),
    throttleStatus: z.union([z.literal(429), z.literal(503)]),
    maxDocumentsPerResponse: z.number().int().min(1).max(100_000),
    trustedIntermediaries: z.array(z.string().regex(/^[^\\\s]+\\[^\\\s]+$/, 'expected DOMAIN\\user')).max(100),
    duplicateMessageCheck: z.boolean(),
  })
  .partial()
  .strict();
export type AxSettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Hard upper bound for request bodies (the HTTP server's own limit); `bodyLimit` is checked below it. */
export const MAX_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * Applies a validated patch. Returns an error message naming the field when the result would
 * be inconsistent (e.g. two services with one external name); the settings are then unchanged.
 */
export function applySettingsPatch(current: AxSettings, patch: AxSettingsPatch): { settings: AxSettings } | { error: { path: string; message: string } } {
  const next: AxSettings = {
    ...current,
    ...stripUndefined(patch),
    externalNames: { ...current.externalNames, ...stripUndefined(patch.externalNames ?? {}) },
    documentNames: { ...current.documentNames, ...stripUndefined(patch.documentNames ?? {}) },
    changeTracking: { ...current.changeTracking, ...stripUndefined(patch.changeTracking ?? {}) },
    trustedIntermediaries: patch.trustedIntermediaries ?? current.trustedIntermediaries,
  };
  const clash = firstDuplicate(next.externalNames, DEFAULT_EXTERNAL);
  if (clash) return { error: { path: `externalNames.${clash}`, message: `external name "${next.externalNames[clash]}" is already used by another service` } };
  const docClash = firstDuplicate(next.documentNames, DEFAULT_DOCUMENT);
  if (docClash) return { error: { path: `documentNames.${docClash}`, message: `document name "${next.documentNames[docClash]}" is already used by another service` } };
  return { settings: next };
}

function firstDuplicate(overrides: Partial<Record<ServiceId, string>>, defaults: ReadonlyMap<ServiceId, string>): ServiceId | undefined {
  // Only explicit overrides can clash with each other or with another service's default.
  return (Object.keys(overrides) as ServiceId[]).find((id) => {
    const name = overrides[id];
    return name !== undefined && SERVICE_IDS.some((other) => other !== id && (overrides[other] ?? defaults.get(other)) === name);
  });
}

const DEFAULT_EXTERNAL = new Map(SERVICE_DEFINITIONS.map((d) => [d.id, d.externalName]));
const DEFAULT_DOCUMENT = new Map(SERVICE_DEFINITIONS.map((d) => [d.id, d.document.name]));

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
