import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchMessageId, envelopeMessageId, envelopeMessageIdOfSorted, isMessageId, normalizeMessageId } from '../../../../src/connectors/ax/writer/message-ids.js';
import { failureEffect, isSplittable, isTimeoutLike } from '../../../../src/connectors/ax/writer/outcome.js';
import { KfaxError } from '../../../../src/errors/kfax-error.js';
import { XmlBuildError } from '../../../../src/xml/build.js';

describe('batch MessageIds', () => {
  it('are the same for the same members in any order, case or brace style', () => {
    const a = randomUUID();
    const b = randomUUID();
    const c = randomUUID();
    const id = batchMessageId([a, b, c]);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(batchMessageId([c, a, b])).toBe(id);
    expect(batchMessageId([`{${b.toUpperCase()}}`, c, a.toUpperCase()])).toBe(id);
    expect(batchMessageId([a, b, c, a])).toBe(id); // a member named twice is one member
  });

  it('differ when the members differ, and never equal a member id', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { minLength: 2, maxLength: 8 }), fc.uuid(), (ids, extra) => {
        fc.pre(!ids.includes(extra));
        const id = batchMessageId(ids);
        expect(batchMessageId([...ids, extra])).not.toBe(id);
        expect(batchMessageId(ids.slice(1))).not.toBe(id);
        expect(ids.map(normalizeMessageId)).not.toContain(id);
      }),
      { numRuns: 200 },
    );
  });

  it('a single document travels under its own id; several under the batch id', () => {
    const a = randomUUID();
    expect(envelopeMessageId([a.toUpperCase()])).toBe(a.toLowerCase());
    expect(envelopeMessageId([a, a])).toBe(a.toLowerCase());
    const b = randomUUID();
    expect(envelopeMessageId([b, a])).toBe(batchMessageId([a, b]));
  });

  it('of an envelope (ids normalised and sorted) is the envelope MessageId of the same ids, duplicates included', () => {
    const guid = fc.uuid();
    fc.assert(
      fc.property(fc.array(guid, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 4 }), (ids, repeats) => {
        const withDuplicates = [...ids, ...repeats.map((r) => ids[r % ids.length] as string).map((id) => `{${id.toUpperCase()}}`)];
        const sorted = withDuplicates.map(normalizeMessageId).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(envelopeMessageIdOfSorted(sorted)).toBe(envelopeMessageId(withDuplicates));
      }),
    );
    expect(() => envelopeMessageIdOfSorted([])).toThrow('a batch needs at least one member');
  });

  it('refuses what is not a GUID', () => {
    expect(isMessageId('not-a-guid')).toBe(false);
    expect(isMessageId('{0B7E4C3A-9D51-4E1F-8A0C-2F6B1D9E7A10}')).toBe(true);
    expect(() => normalizeMessageId('12345')).toThrow(/not a GUID/);
    expect(() => batchMessageId([])).toThrow(/at least one/);
  });
});

describe('what a failed create says about AX', () => {
  it('classifies by effect, not by retry kind', () => {
    expect(failureEffect(new KfaxError('KFAX_AX_DUPLICATE_MESSAGE', ['x']))).toBe('applied');
    expect(failureEffect(new KfaxError('KFAX_AX_FAULT', ['x', 'Customer group ZZ does not exist.']))).toBe('rejected');
    expect(failureEffect(new KfaxError('KFAX_AX_PERIOD_NOT_OPEN', ['x']))).toBe('rejected');
    const internal = new KfaxError('KFAX_AX_INTERNAL_ERROR', ['CustomerService/create'], { kind: 'in_doubt', details: { faultCode: 'a:InternalServiceFault' } });
    expect(failureEffect(internal)).toBe('unknown');
    expect(isSplittable(internal)).toBe(false);
    expect(failureEffect(new KfaxError('KFAX_REMOTE_THROTTLED', ['AX']))).toBe('rejected');
    expect(failureEffect(new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['AX', 'HTTP 503']))).toBe('rejected');
    expect(failureEffect(new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['AX', 'HTTP 504']))).toBe('unknown');
    expect(failureEffect(new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['http://aos', 'connection failed (ECONNREFUSED)']))).toBe('rejected');
    expect(failureEffect(new KfaxError('KFAX_REMOTE_TIMEOUT', ['AX', 100], { kind: 'in_doubt' }))).toBe('unknown');
    expect(failureEffect(new KfaxError('KFAX_REMOTE_CONNECTION_LOST', ['AX', 'socket hang up'], { kind: 'in_doubt' }))).toBe('unknown');
    expect(failureEffect(new KfaxError('KFAX_REMOTE_REJECTED', ['AX', 'HTTP 413: too large']))).toBe('rejected');
    expect(failureEffect(new KfaxError('KFAX_REMOTE_REJECTED', ['AX', 'expected <XCreateResponse>, got <Other>']))).toBe('unknown');
    expect(failureEffect(new XmlBuildError('control character'))).toBe('rejected');
    expect(failureEffect(new Error('bug'))).toBe('unknown');
  });

  it('splits batches only for document-specific failures and counts only timeouts for the switch', () => {
    expect(isSplittable(new KfaxError('KFAX_AX_FAULT', ['x', 'y']))).toBe(true);
    expect(isSplittable(new KfaxError('KFAX_AX_PERIOD_NOT_OPEN', ['x']))).toBe(true);
    expect(isSplittable(new KfaxError('KFAX_REMOTE_REJECTED', ['AX', 'HTTP 413: too large']))).toBe(true);
    expect(isSplittable(new KfaxError('KFAX_REMOTE_THROTTLED', ['AX']))).toBe(false);
    expect(isSplittable(new KfaxError('KFAX_REMOTE_AUTH_FAILED', ['AX', 'no']))).toBe(false);
    expect(isSplittable(new KfaxError('KFAX_REMOTE_TIMEOUT', ['AX', 1]))).toBe(false);
    expect(isTimeoutLike(new KfaxError('KFAX_REMOTE_TIMEOUT', ['AX', 1]))).toBe(true);
    expect(isTimeoutLike(new KfaxError('KFAX_REMOTE_UNAVAILABLE', ['AX', 'HTTP 503']))).toBe(false);
  });
});
