import type { FastifyInstance } from 'fastify';
import { CONTROL_PREFIX } from '../../context.js';
import type { AxCallStats } from '../http/call-stats.js';
import { sendJson } from './json.js';

/**
 * `GET /_sandbox/ax/stats`: AIF calls served since the last reset, per operation, with the time
 * each occupied the AOS and the injected latency; `DELETE /_sandbox/ax/stats` resets them.
 */
export function registerAxStatsRoutes(app: FastifyInstance, stats: AxCallStats): void {
  app.get(`${CONTROL_PREFIX}/ax/stats`, async (_req, reply) => sendJson(reply, 200, stats.view()));
  app.delete(`${CONTROL_PREFIX}/ax/stats`, async (_req, reply) => {
    stats.reset();
    return reply.code(204).send();
  });
}
