import type { FastifyReply } from 'fastify';
import { stringifyWithRawNumbers } from '../../../util/json-raw.js';

/** Sends JSON that keeps money decimals (`RawJsonNumber`). */
export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(stringifyWithRawNumbers(body));
}
