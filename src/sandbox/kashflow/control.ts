import type { FastifyInstance, FastifyReply } from 'fastify';
import { CONTROL_PREFIX } from '../context.js';
import { sendValidationError } from '../control/common.js';
import { documentJson } from './rest/document-json.js';
import { journalJson } from './rest/journals.js';
import { customerJson, supplierJson } from './rest/party-json.js';
import { kashflowSettingsPatchSchema } from './settings.js';
import type { KashflowState } from './state.js';
import { codeKey } from './store/store.js';

const P = `${CONTROL_PREFIX}/kashflow`;

function sendJsonText(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text);
}

function notFound(reply: FastifyReply, what: string): FastifyReply {
  return reply.code(404).send({ error: 'not_found', message: `${what} was not found` });
}

/**
 * The KashFlow inspection/control API under `/_sandbox/kashflow/` (no authentication, no
 * faults, not counted): record counts, full records as the REST detail shows them,
 * settings, unlocking the account, and per-operation request counts.
 */
export function registerKashflowControlRoutes(app: FastifyInstance, state: KashflowState): void {
  app.get(`${P}/counts`, async () => {
    const s = state.store;
    let bulkPayments = 0;
    for (const m of Object.values(s.bulkPayments)) bulkPayments += m.size;
    return { customers: s.customers.size, suppliers: s.suppliers.size, products: s.products.size, projects: s.projects.size, invoices: s.invoices.size, purchases: s.purchases.size, payments: s.payments.size, bulkPayments, journals: s.journals.size, sessions: state.sessions.liveSessions() };
  });

  app.get<{ Params: { code: string } }>(`${P}/customers/:code`, async (req, reply) => {
    const c = state.store.customers.get(codeKey(req.params.code));
    return c ? sendJsonText(reply, customerJson(state, c, 'detail')) : notFound(reply, `customer ${req.params.code}`);
  });
  app.get<{ Params: { code: string } }>(`${P}/suppliers/:code`, async (req, reply) => {
    const s = state.store.suppliers.get(codeKey(req.params.code));
    return s ? sendJsonText(reply, supplierJson(state, s, 'detail')) : notFound(reply, `supplier ${req.params.code}`);
  });
  for (const kind of ['invoice', 'purchase'] as const) {
    app.get<{ Params: { number: string } }>(`${P}/${kind}s/:number`, async (req, reply) => {
      const doc = state.store.documents(kind).get(Number(req.params.number));
      return doc ? sendJsonText(reply, documentJson(state, doc, 'detail')) : notFound(reply, `${kind} ${req.params.number}`);
    });
  }
  app.get<{ Params: { number: string } }>(`${P}/journals/:number`, async (req, reply) => {
    const j = state.store.journals.get(Number(req.params.number));
    return j ? sendJsonText(reply, journalJson(state, j, 'detail')) : notFound(reply, `journal ${req.params.number}`);
  });

  app.get(`${P}/settings`, async () => state.settings);
  app.put(`${P}/settings`, async (req, reply) => {
    const parsed = kashflowSettingsPatchSchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    const next = { ...state.settings, ...parsed.data };
    if (next.defaultPerPage > next.maxPerPage) return reply.code(400).send({ error: 'invalid_request', issues: [{ path: 'defaultPerPage', message: `must not exceed maxPerPage (${next.maxPerPage})` }] });
    return state.updateSettings(parsed.data);
  });

  app.get(`${P}/lock`, async () => state.sessions.describeLock());
  app.post(`${P}/unlock`, async () => {
    state.sessions.unlock();
    return state.sessions.describeLock();
  });

  app.get(`${P}/requests`, async () => state.requestStats());
  app.delete(`${P}/requests`, async (_req, reply) => {
    state.clearRequestStats();
    return reply.code(204).send();
  });
}
