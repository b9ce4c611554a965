/**
 * Operator actions on failed work: dead letters (list, show, retry, edit then retry, discard),
 * held messages (list, release) and in-doubt messages (resolve). Every change is written with
 * an audit entry naming the actor, in the same transaction. An edit is validated by the message
 * type's schema before anything is written, keeps the idempotency key (so it can never post
 * twice) and is refused if the payload changed since the operator looked at it.
 */
import { KfaxError } from '../errors/kfax-error.js';
import type { Store } from '../store/store.js';
import type { AuditEntry, BulkActionResult, MessageRecord, MessageState, MessageSummary, XrefWrite } from '../store/types.js';
import type { Clock } from './clock.js';
import { diffJson, mergePatch, setAtPath, type DiffEntry } from './json-edit.js';
import { toJsonText } from './json-value.js';
import type { MessageTypeRegistry } from './message-types.js';

/** A message as shown by `dlq show`: the record, its parsed payloads and its audit trail. */
export interface MessageDetails {
  readonly message: MessageRecord;
  /** Parsed payload, or null with `payloadError` when the stored text is corrupt. */
  readonly payload: unknown;
  readonly payloadError: string | null;
  readonly originalPayload: unknown;
  readonly audit: readonly AuditEntry[];
}

/** An edit: `--set` assignments and/or a merge patch, applied in that order (patch first). */
export interface PayloadEdit {
  readonly patch?: unknown;
  readonly set?: readonly { readonly path: readonly (string | number)[]; readonly value: unknown }[];
  /** Edit a type this build cannot validate (no schema registered); recorded in the audit. */
  readonly skipValidation?: boolean;
}

/** Result of an edit. */
export interface EditResult {
  readonly id: number;
  readonly diff: readonly DiffEntry[];
  readonly validated: boolean;
}

/** Operator actions; `actor` is recorded with every change. */
export class DeadLetterQueue {
  constructor(
    private readonly store: Store,
    private readonly registry: MessageTypeRegistry,
    private readonly clock: Clock,
    private readonly maxPayloadBytes: number,
    private readonly onChange: () => void = () => {},
  ) {}

  /** Lists messages in a failure state (default: open dead letters). */
  list(filter: { state?: 'dead' | 'held' | 'in_doubt' | 'parked'; type?: string; endpoint?: string; holdKey?: string; includeDiscarded?: boolean; afterId?: number; limit?: number } = {}): Promise<MessageSummary[]> {
    return this.store.listMessages({
      states: [filter.state ?? 'dead'],
      limit: Math.min(Math.max(filter.limit ?? 100, 1), 10_000),
      ...(filter.type === undefined ? {} : { type: filter.type }),
      ...(filter.endpoint === undefined ? {} : { endpoint: filter.endpoint }),
      ...(filter.holdKey === undefined ? {} : { holdKey: filter.holdKey }),
      ...(filter.includeDiscarded ? { includeDiscarded: true } : {}),
      ...(filter.afterId === undefined ? {} : { afterId: filter.afterId }),
    });
  }

  /** One message with payloads, history and audit trail; `KFAX_MESSAGE_NOT_FOUND` if absent. */
  async show(id: number): Promise<MessageDetails> {
    const message = await this.store.getMessage(id);
    if (!message) throw new KfaxError('KFAX_MESSAGE_NOT_FOUND', [id]);
    let payload: unknown = null;
    let payloadError: string | null = null;
    try {
      payload = JSON.parse(message.payload);
    } catch (err) {
      payloadError = (err as Error).message;
    }
    let originalPayload: unknown = null;
    if (message.originalPayload !== null) {
      try {
        originalPayload = JSON.parse(message.originalPayload);
      } catch {
        originalPayload = message.originalPayload;
      }
    }
    return { message, payload, payloadError, originalPayload, audit: await this.store.listAudit({ messageId: id, limit: 100 }) };
  }

  /** Sends dead letters back to pending with a fresh budget (same idempotency key). */
  async retry(ids: readonly number[], actor: string, note?: string): Promise<BulkActionResult> {
    const result = await this.store.retryMessages(ids, { actor, now: this.clock.now(), ...(note ? { note } : {}) }, ['dead']);
    if (result.changed.length > 0) this.onChange();
    return result;
  }

  /** Retries every open dead letter (optionally of one type), in pages. */
  async retryAll(actor: string, filter: { type?: string } = {}, note?: string): Promise<BulkActionResult> {
    const changed: number[] = [];
    const skipped: { id: number; state: MessageState | null }[] = [];
    let afterId: number | undefined;
    for (;;) {
      const page = await this.list({ ...filter, limit: 500, ...(afterId === undefined ? {} : { afterId }) });
      if (page.length === 0) break;
      const r = await this.retry(page.map((m) => m.id), actor, note);
      changed.push(...r.changed);
      skipped.push(...r.skipped);
      afterId = page[page.length - 1]!.id;
    }
    return { changed, skipped };
  }

  /**
   * Edit then retry: applies the edit to the current payload, validates the result with the
   * message type's schema, and writes it (with the diff in the audit log) only if the payload is
   * still the one that was edited.
   */
  async edit(id: number, edit: PayloadEdit, actor: string, note?: string): Promise<EditResult> {
    const message = await this.store.getMessage(id);
    if (!message) throw new KfaxError('KFAX_MESSAGE_NOT_FOUND', [id]);
    if ((message.state !== 'dead' && message.state !== 'held') || message.discardedAt !== null) {
      throw new KfaxError('KFAX_MESSAGE_STATE_CONFLICT', [id, message.discardedAt !== null ? 'discarded' : message.state, 'only dead (not discarded) or held messages can be edited']);
    }
    let before: unknown;
    try {
      before = JSON.parse(message.payload);
    } catch {
      // A corrupt payload can only be replaced as a whole (a patch that is not an object).
      before = null;
    }
    let after = edit.patch === undefined ? before : mergePatch(before, edit.patch);
    for (const s of edit.set ?? []) after = setAtPath(after, s.path, s.value);
    const payload = toJsonText(after, 'payload', this.maxPayloadBytes);
    const def = this.registry.get(message.type);
    const validated = def !== undefined;
    if (!def && !edit.skipValidation) {
      throw new KfaxError('KFAX_MESSAGE_TYPE_UNKNOWN', [message.type], { details: { hint: 'no validator for this type is registered in this build; pass skipValidation (--skip-validation) to edit unvalidated' } });
    }
    if (def) {
      const valid = this.registry.validate(message.type, after);
      if (!valid.ok) throw new KfaxError('KFAX_PAYLOAD_INVALID', [message.type, valid.path || '(root)', valid.reason]);
    }
    const diff = diffJson(before, after);
    if (diff.length === 0) throw new KfaxError('KFAX_CLI_USAGE', ['the edit changes nothing']);
    const result = await this.store.editMessage(id, { payload, expectedPayload: message.payload, details: { diff, validated } }, { actor, now: this.clock.now(), ...(note ? { note } : {}) });
    if (result.changed.length !== 1) {
      const state = result.skipped[0]?.state ?? 'gone';
      throw new KfaxError('KFAX_MESSAGE_STATE_CONFLICT', [id, state, 'it changed while being edited; show it again and retry the edit']);
    }
    this.onChange();
    return { id, diff, validated };
  }

  /** Discards dead letters with a reason (kept on record, hidden, never retried). */
  async discard(ids: readonly number[], actor: string, reason: string): Promise<BulkActionResult> {
    if (reason.trim() === '') throw new KfaxError('KFAX_CLI_USAGE', ['a reason is required to discard a dead letter']);
    return this.store.discardMessages(ids, { actor, now: this.clock.now(), note: reason });
  }

  /** Releases held messages by id or hold key (e.g. after the AX period reopened). */
  async release(selector: { ids?: readonly number[]; holdKey?: string }, actor: string, note?: string): Promise<BulkActionResult> {
    const result = await this.store.releaseHeld(selector, { actor, now: this.clock.now(), ...(note ? { note } : {}) });
    if (result.changed.length > 0) this.onChange();
    return result;
  }

  /** Resolves an in-doubt message: it was applied (with the xrefs found at the target), or re-send it now. */
  async resolve(id: number, resolution: { outcome: 'delivered' | 'resend'; xrefs?: readonly XrefWrite[] }, actor: string, note?: string): Promise<BulkActionResult> {
    const result = await this.store.resolveInDoubt(id, resolution, { actor, now: this.clock.now(), ...(note ? { note } : {}) });
    if (result.changed.length > 0) this.onChange();
    return result;
  }
}
