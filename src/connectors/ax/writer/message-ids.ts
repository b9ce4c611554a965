import { v5 as uuidv5 } from 'uuid';

/**
 * UUIDv5 namespace of batch MessageIds. It must never change: a batch re-sent after a restart
 * of an older kfax must get the same MessageId so AX can recognise it as a duplicate.
 */
export const KFAX_AX_BATCH_NAMESPACE = '7d0f3b52-1c9e-5a47-8e63-b2a95d4c1f08';

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** True for a GUID, with or without braces, in any case (what AIF accepts as a MessageId). */
export function isMessageId(value: string): boolean {
  return GUID.test(value.trim());
}

/** The canonical form kfax compares MessageIds in: bare, lower case (AIF compares case-insensitively). */
export function normalizeMessageId(value: string): string {
  const m = GUID.exec(value.trim());
  if (!m) throw new RangeError(`not a GUID: ${value}`);
  return (m[1] as string).toLowerCase();
}

/**
 * The MessageId of a batch: UUIDv5 of its members' MessageIds, sorted, so the same members
 * always give the same id (a re-send of the batch is recognised by AX) and any other set of
 * members gives another one.
 */
export function batchMessageId(memberIds: readonly string[]): string {
  if (memberIds.length === 0) throw new RangeError('a batch needs at least one member');
  const ids = [...new Set(memberIds.map(normalizeMessageId))].sort();
  return uuidv5(`kfax-ax-batch/1\n${ids.join('\n')}`, KFAX_AX_BATCH_NAMESPACE);
}

/**
 * The MessageId an envelope of documents is sent under: a single document travels under its
 * own MessageId (so a later re-send alone is recognised by AX), several under
 * {@link batchMessageId}.
 */
export function envelopeMessageId(memberIds: readonly string[]): string {
  const unique = [...new Set(memberIds.map(normalizeMessageId))];
  return unique.length === 1 ? (unique[0] as string) : batchMessageId(unique);
}

/**
 * {@link envelopeMessageId} of MessageIds already normalised and sorted (an envelope's members):
 * the same id, without normalising each id again twice and sorting again.
 */
export function envelopeMessageIdOfSorted(sortedIds: readonly string[]): string {
  const unique: string[] = [];
  for (const id of sortedIds) if (unique[unique.length - 1] !== id) unique.push(id);
  if (unique.length === 0) throw new RangeError('a batch needs at least one member');
  return unique.length === 1 ? (unique[0] as string) : uuidv5(`kfax-ax-batch/1\n${unique.join('\n')}`, KFAX_AX_BATCH_NAMESPACE);
}
