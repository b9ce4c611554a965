import type { KfaxError } from '../../../errors/kfax-error.js';
import type { XmlNode } from '../../../xml/build.js';
import type { EntityKey } from '../client/entity-keys.js';
import { batchGroupKey, joinDocuments, splitDocument, type DocumentParts } from './document-parts.js';
import { envelopeMessageIdOfSorted, normalizeMessageId } from './message-ids.js';
import type { AxNaturalKey } from './natural-key.js';
import type { StopSignal } from '../../../util/stop-signal.js';

/** One document a flow handler asks the writer to create. */
export interface AxWriteRequest {
  /** AIF external service name, e.g. `FreeTextInvoiceService`. */
  readonly service: string;
  /**
   * The document element (`<FreeTextInvoice xmlns="…/documents/FreeTextInvoice">` with one or
   * more top-level records) or one record element (`<CustInvoiceTable class="entity">`).
   */
  readonly document: XmlNode;
  /** The engine's idempotency key (a GUID): the AIF MessageId when the document travels alone. */
  readonly messageId: string;
  /** How to find the document again without its MessageId. */
  readonly naturalKey: AxNaturalKey;
  /** Legal entity; default the client's company. */
  readonly company?: string;
  /** Document name when `document` is a record of a service kfax's catalog does not know. */
  readonly documentName?: string;
  /**
   * The engine's `resend`: an earlier attempt may have been applied. Unless this writer still
   * knows how that attempt ended, the document is looked up by natural key before it is sent.
   */
  readonly resend?: boolean;
  /** Aborts waiting (a queued document is then taken out of its batch); an `AbortSignal` or the engine's cheaper stop signal. */
  readonly signal?: StopSignal;
}

/** What became of a request. */
export interface AxWriteResult {
  /** `created` by this call (or a batch it was part of); `found` in AX by natural key. */
  readonly outcome: 'created' | 'found';
  /** Keys from the create answer (one per record of the document), or the keys the look-up found. */
  readonly keys: EntityKey[];
  /** The AIF call that carried the document: its MessageId and how many documents it held. */
  readonly sentAs?: { readonly messageId: string; readonly documents: number };
}

/** A request, validated and split into records. */
export interface Member {
  /** Normalised MessageId. */
  readonly id: string;
  readonly groupKey: string;
  readonly request: AxWriteRequest;
  readonly parts: DocumentParts;
}

/** Documents sent in one AIF create under one MessageId. */
export interface Envelope {
  readonly id: string;
  readonly service: string;
  readonly company: string | undefined;
  readonly members: readonly Member[];
  /** Last time a member was sent or asked about (for forgetting unknown outcomes). */
  touchedAt: number;
}

/** The outcome of one member's envelope. */
export type MemberOutcome =
  | { readonly kind: 'created'; readonly keys: EntityKey[]; readonly messageId: string; readonly documents: number }
  /** AX said the envelope was processed before ("Duplicate message"); the member must be found by look-up. */
  | { readonly kind: 'applied'; readonly messageId: string; readonly documents: number }
  /** AX answered and applied nothing. */
  | { readonly kind: 'rejected'; readonly error: KfaxError }
  /** May have been applied: only this envelope may be sent again. */
  | { readonly kind: 'unknown'; readonly error: KfaxError; readonly envelope: Envelope };

/** Validates a request and splits its document. */
export function memberOf(request: AxWriteRequest): Member {
  const id = normalizeMessageId(request.messageId);
  const parts = splitDocument(request.service, request.document, request.documentName);
  return { id, groupKey: batchGroupKey(request.service, request.company, parts), request, parts };
}

/** An envelope of members that share a group, ordered by MessageId so its content is a function of its members. */
export function envelopeOf(members: readonly Member[], now: number): Envelope {
  const first = members[0];
  if (!first) throw new RangeError('an envelope needs a member');
  const sorted = members.length === 1 ? members.slice() : members.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { id: envelopeMessageIdOfSorted(sorted.map((m) => m.id)), service: first.request.service, company: first.request.company, members: sorted, touchedAt: now };
}

/** The document element of an envelope. */
export function envelopeDocument(envelope: Envelope): XmlNode {
  return joinDocuments(envelope.members.map((m) => m.parts));
}

/** Records in the envelope (one key comes back per record). */
export function recordCount(envelope: Envelope): number {
  return envelope.members.reduce((n, m) => n + m.parts.records.length, 0);
}
