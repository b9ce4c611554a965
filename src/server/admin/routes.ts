/**
 * The admin API under `/api` (registered only when `server.adminToken` is set): engine stats,
 * message listing and details with history, and the operator actions of `kfax dlq` — retry,
 * edit then retry, discard, resolve an in-doubt message, release held messages. Every action
 * goes through `engine.deadLetters`, which writes the change and its audit entry (with the
 * actor) in one transaction. Errors are `{ error: { code, message } }` with catalog codes.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Engine } from '../../engine/engine.js';
import { parsePath } from '../../engine/json-edit.js';
import { isKfaxError, KfaxError } from '../../errors/kfax-error.js';
import type { BulkActionResult, MessageRecord } from '../../store/types.js';
import { actorOf, bearerChecker } from './auth.js';
import { parseWith } from '../validation.js';
import { discardBody, editBody, listQuery, messageId, parseAdminJson, releaseBody, resolveBody, retryBody } from './bodies.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

function parseJsonText(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `KFAX_CLI_USAGE` from shared operator code reads as an input error in an HTTP API. */
function asInputError(err: unknown, field: string): unknown {
  if (isKfaxError(err) && err.code === 'KFAX_CLI_USAGE') return new KfaxError('KFAX_INPUT_INVALID', [field, err.message.replace(/^--set:?\s*/, '')]);
  return err;
}

/** Registers the admin API; `token` is `server.adminToken`. */
export function registerAdminApi(app: FastifyInstance, engine: Engine, token: string): void {
  const authorize = bearerChecker(token);

  /** The result of an action on one message: its new state, or 404 / 409. */
  async function single(result: BulkActionResult, id: number, refusal: string): Promise<{ id: number; state: MessageRecord['state']; discarded: boolean }> {
    if (!result.changed.includes(id)) {
      const state = result.skipped.find((s) => s.id === id)?.state ?? null;
      if (state === null) throw new KfaxError('KFAX_MESSAGE_NOT_FOUND', [id]);
      throw new KfaxError('KFAX_MESSAGE_STATE_CONFLICT', [id, state, refusal]);
    }
    const m = await engine.store.getMessage(id);
    if (!m) throw new KfaxError('KFAX_MESSAGE_NOT_FOUND', [id]);
    return { id, state: m.state, discarded: m.discardedAt !== null };
  }

  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
      try {
        done(null, parseAdminJson(body as Buffer));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
    scope.addHook('onRequest', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        authorize(request.headers);
      } catch (err) {
        reply.header('www-authenticate', 'Bearer realm="kfax"');
        throw err;
      }
    });

    scope.get('/api/stats', async () => engine.stats());

    scope.get('/api/messages', async (request) => {
      const q = parseWith(listQuery, request.query ?? {}, 'query');
      const messages = await engine.store.listMessages({
        states: q.state,
        limit: q.limit,
        ...(q.type === undefined ? {} : { type: q.type }),
        ...(q.endpoint === undefined ? {} : { endpoint: q.endpoint }),
        ...(q.holdKey === undefined ? {} : { holdKey: q.holdKey }),
        ...(q.after === undefined ? {} : { afterId: q.after }),
        ...(q.all ? { includeDiscarded: true } : {}),
      });
      return { messages, next: messages.length === q.limit ? messages[messages.length - 1]!.id : null };
    });

    scope.get('/api/messages/:id', async (request: IdRequest) => {
      const details = await engine.deadLetters.show(messageId(request.params.id));
      const { payload: _payload, originalPayload: _original, output, ...message } = details.message;
      return { message: { ...message, output: parseJsonText(output) }, payload: details.payload, payloadError: details.payloadError, originalPayload: details.originalPayload, audit: details.audit };
    });

    scope.post('/api/messages/:id/retry', async (request: IdRequest) => {
      const id = messageId(request.params.id);
      const body = parseWith(retryBody, request.body ?? {}, '');
      const actor = actorOf(request.headers, body.actor);
      const result = await engine.deadLetters.retry([id], actor, body.note);
      request.log.info({ actor, action: 'retry', id }, 'admin action');
      return single(result, id, 'only open dead letters can be retried');
    });

    scope.post('/api/messages/:id/discard', async (request: IdRequest) => {
      const id = messageId(request.params.id);
      const body = parseWith(discardBody, request.body ?? {}, '');
      const actor = actorOf(request.headers, body.actor);
      const result = await engine.deadLetters.discard([id], actor, body.reason);
      request.log.info({ actor, action: 'discard', id }, 'admin action');
      return single(result, id, 'only open dead letters can be discarded');
    });

    scope.post('/api/messages/:id/edit', async (request: IdRequest) => {
      const id = messageId(request.params.id);
      const body = parseWith(editBody, request.body ?? {}, '');
      const actor = actorOf(request.headers, body.actor);
      const set = (body.set ?? []).map((s, i) => {
        try {
          return { path: parsePath(s.path), value: s.value };
        } catch (err) {
          throw asInputError(err, `set[${i}].path`);
        }
      });
      if (body.expectedPayload !== undefined) {
        const current = await engine.store.getMessage(id);
        if (!current) throw new KfaxError('KFAX_MESSAGE_NOT_FOUND', [id]);
        if (!isDeepStrictEqual(parseJsonText(current.payload), body.expectedPayload)) {
          throw new KfaxError('KFAX_MESSAGE_STATE_CONFLICT', [id, current.state, 'its payload changed since you looked at it; show it again and retry the edit']);
        }
      }
      let edited;
      try {
        edited = await engine.deadLetters.edit(id, { ...(body.patch === undefined ? {} : { patch: body.patch }), set, ...(body.skipValidation ? { skipValidation: true } : {}) }, actor, body.note);
      } catch (err) {
        throw asInputError(err, 'patch');
      }
      request.log.info({ actor, action: 'edit', id }, 'admin action');
      const after = await engine.store.getMessage(id);
      return { id, state: after?.state ?? null, diff: edited.diff, validated: edited.validated };
    });

    scope.post('/api/messages/:id/resolve', async (request: IdRequest) => {
      const id = messageId(request.params.id);
      const body = parseWith(resolveBody, request.body ?? {}, '');
      const actor = actorOf(request.headers, body.actor);
      const result = await engine.deadLetters.resolve(id, { outcome: body.outcome, ...(body.xrefs ? { xrefs: body.xrefs } : {}) }, actor, body.note);
      request.log.info({ actor, action: `resolve:${body.outcome}`, id }, 'admin action');
      return single(result, id, 'only in-doubt messages can be resolved');
    });

    scope.post('/api/held/release', async (request) => {
      const body = parseWith(releaseBody, request.body ?? {}, '');
      const actor = actorOf(request.headers, body.actor);
      const result = await engine.deadLetters.release(body.holdKey !== undefined ? { holdKey: body.holdKey } : { ids: body.ids ?? [] }, actor, body.note);
      request.log.info({ actor, action: 'release', holdKey: body.holdKey, released: result.changed.length }, 'admin action');
      return { released: result.changed.length, ids: result.changed, skipped: result.skipped };
    });
  });
}
