import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { CONTROL_PREFIX, type SandboxContext } from '../../context.js';
import { registerCommonControlRoutes, sendValidationError } from '../../control/common.js';
import type { IisAuthenticator } from '../auth/iis-auth.js';
import { soapAction } from '../namespaces.js';
import { postPending } from '../posting/post-pending.js';
import type { AxRuntime } from '../runtime.js';
import { text } from '../schema/values.js';
import { applySettingsPatch, settingsPatchSchema } from '../settings.js';
import type { CompanyState } from '../state/company.js';
import { sendJson } from './json.js';
import { registerMasterDataRoutes } from './master-edit.js';
import { addReference, isReferenceKind, listReference, removeReference, REFERENCE_KINDS } from './reference-edit.js';
import { freeTextInvoiceView, journalView, ledgerView, recordView, transView } from './views.js';

const P = `${CONTROL_PREFIX}/ax`;

/** Dependencies of the AX control API. */
export interface AxControlDeps {
  readonly ctx: SandboxContext;
  readonly runtime: AxRuntime;
  readonly auth: IisAuthenticator;
  readonly resetAll: (seed?: number) => void;
}

function companyOr404(deps: AxControlDeps, reply: FastifyReply, id: string): CompanyState | undefined {
  const c = deps.runtime.aos.company(id);
  if (!c) void sendJson(reply, 404, { error: 'unknown_company', message: `company ${id} does not exist (known: ${deps.runtime.aos.companies.list().map((x) => x.id).join(', ')})` });
  return c;
}

/**
 * The AX control and inspection API under `/_sandbox/ax/`: settings, counts, processed
 * MessageIds, per-company views of the data, posting, periods and reference data.
 */
export function registerAxControlRoutes(app: FastifyInstance, deps: AxControlDeps): void {
  registerCommonControlRoutes(app, deps.ctx, 'ax', deps.resetAll);
  const { runtime } = deps;

  app.get(`${P}/settings`, async (_req, reply) => sendJson(reply, 200, runtime.settings));

  app.put(`${P}/settings`, async (req, reply) => {
    const parsed = settingsPatchSchema.safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    const result = applySettingsPatch(runtime.settings, parsed.data);
    if ('error' in result) return sendJson(reply, 400, { error: 'invalid_request', issues: [result.error] });
    runtime.setSettings(result.settings);
    return sendJson(reply, 200, runtime.settings);
  });

  app.get(`${P}/services`, async (_req, reply) =>
    sendJson(
      reply,
      200,
      runtime.catalog.all().map((s) => ({
        id: s.definition.id,
        serviceClass: s.definition.serviceClass,
        externalName: s.externalName,
        externalNameConfidence: s.definition.externalNameConfidence,
        document: s.document.name,
        namespace: s.document.namespace,
        root: s.document.root.name,
        keyFields: s.keyFields,
        operations: [...s.operations].map((op) => ({ operation: op, soapAction: soapAction(s.externalName, op) })),
      })),
    ),
  );

  app.get(`${P}/counts`, async (req, reply) => {
    const q = z.object({ company: z.string().min(1).optional() }).strict().safeParse(req.query ?? {});
    if (!q.success) return sendValidationError(reply, q.error);
    const companies = q.data.company ? [companyOr404(deps, reply, q.data.company)] : runtime.aos.companies.list();
    if (companies.some((c) => c === undefined)) return reply;
    const per = Object.fromEntries(
      (companies as CompanyState[]).map((c) => {
        // Posted invoices and settlements are counted as they happen (benchmarks poll this
        // while the tables grow); journals are few.
        let journalsPosted = 0;
        for (const j of c.journals.values()) if (j.posted) journalsPosted++;
        return [
          c.id,
          {
            customers: c.customers.size,
            vendors: c.vendors.size,
            items: c.items.size,
            freeTextInvoices: c.freeTextInvoices.size,
            freeTextInvoicesPosted: c.postedFreeTextInvoices,
            journals: c.journals.size,
            journalsPosted,
            custTrans: c.custTrans.length,
            vendTrans: c.vendTrans.length,
            settlements: c.settlementRows.Cust / 2 + c.settlementRows.Vend / 2,
            ledgerEntries: c.ledger.length,
          },
        ];
      }),
    );
    return sendJson(reply, 200, { products: runtime.aos.products.size, messages: runtime.aos.messages.size, companies: per });
  });

  app.get(`${P}/messages`, async (_req, reply) => sendJson(reply, 200, [...runtime.aos.messages.values()]));

  app.get(`${P}/:company/customers`, async (req, reply) => {
    const c = companyOr404(deps, reply, (req.params as { company: string }).company);
    return c ? sendJson(reply, 200, c.customers.list().map((r) => recordView(r.record))) : reply;
  });
  app.get(`${P}/:company/customers/:account`, async (req, reply) => {
    const p = req.params as { company: string; account: string };
    const c = companyOr404(deps, reply, p.company);
    if (!c) return reply;
    const row = c.customers.get(p.account);
    return row ? sendJson(reply, 200, recordView(row.record)) : sendJson(reply, 404, { error: 'not_found', message: `customer ${p.account} does not exist in ${c.id}` });
  });
  app.get(`${P}/:company/vendors/:account`, async (req, reply) => {
    const p = req.params as { company: string; account: string };
    const c = companyOr404(deps, reply, p.company);
    if (!c) return reply;
    const row = c.vendors.get(p.account);
    return row ? sendJson(reply, 200, recordView(row.record)) : sendJson(reply, 404, { error: 'not_found', message: `vendor ${p.account} does not exist in ${c.id}` });
  });
  app.get(`${P}/:company/products/:itemId`, async (req, reply) => {
    const p = req.params as { company: string; itemId: string };
    const c = companyOr404(deps, reply, p.company);
    if (!c) return reply;
    const item = c.items.get(p.itemId);
    const product = runtime.aos.products.get(item ? text(item.record, 'Product') : p.itemId);
    if (!item && !product) return sendJson(reply, 404, { error: 'not_found', message: `product or item ${p.itemId} does not exist` });
    return sendJson(reply, 200, { product: product ? recordView(product.record) : null, item: item ? recordView(item.record) : null, released: item !== undefined });
  });

  app.get(`${P}/:company/free-text-invoices`, async (req, reply) => {
    const c = companyOr404(deps, reply, (req.params as { company: string }).company);
    if (!c) return reply;
    const q = z.object({ documentNum: z.string().optional(), invoiceId: z.string().optional(), posted: z.enum(['true', 'false']).optional() }).strict().safeParse(req.query ?? {});
    if (!q.success) return sendValidationError(reply, q.error);
    const list = [...c.freeTextInvoices.values()].filter((i) => (q.data.documentNum === undefined || i.documentNum.toUpperCase() === q.data.documentNum.toUpperCase()) && (q.data.invoiceId === undefined || (i.invoiceId ?? '').toUpperCase() === q.data.invoiceId.toUpperCase()) && (q.data.posted === undefined || String(i.posted) === q.data.posted));
    return sendJson(reply, 200, list.map(freeTextInvoiceView));
  });
  app.get(`${P}/:company/free-text-invoices/:id`, async (req, reply) => {
    const p = req.params as { company: string; id: string };
    const c = companyOr404(deps, reply, p.company);
    if (!c) return reply;
    const inv = [...c.freeTextInvoices.values()].find((i) => String(i.recId) === p.id || (i.invoiceId ?? '').toUpperCase() === p.id.toUpperCase());
    return inv ? sendJson(reply, 200, freeTextInvoiceView(inv)) : sendJson(reply, 404, { error: 'not_found', message: `free-text invoice ${p.id} does not exist in ${c.id}` });
  });

  app.get(`${P}/:company/journals`, async (req, reply) => {
    const c = companyOr404(deps, reply, (req.params as { company: string }).company);
    return c ? sendJson(reply, 200, c.journals.list().map(journalView)) : reply;
  });
  app.get(`${P}/:company/journals/:journalNum`, async (req, reply) => {
    const p = req.params as { company: string; journalNum: string };
    const c = companyOr404(deps, reply, p.company);
    if (!c) return reply;
    const j = c.journals.get(p.journalNum);
    return j ? sendJson(reply, 200, journalView(j)) : sendJson(reply, 404, { error: 'not_found', message: `journal ${p.journalNum} does not exist in ${c.id}` });
  });

  const transQuery = z.object({ invoice: z.string().optional(), account: z.string().optional(), documentNum: z.string().optional() }).strict();
  for (const [path, pick] of [
    ['custtrans', (c: CompanyState) => c.custTrans],
    ['vendtrans', (c: CompanyState) => c.vendTrans],
  ] as const) {
    app.get(`${P}/:company/${path}`, async (req, reply) => {
      const c = companyOr404(deps, reply, (req.params as { company: string }).company);
      if (!c) return reply;
      const q = transQuery.safeParse(req.query ?? {});
      if (!q.success) return sendValidationError(reply, q.error);
      const eq = (a: string, b: string | undefined): boolean => b === undefined || a.toUpperCase() === b.toUpperCase();
      return sendJson(reply, 200, pick(c).filter((t) => eq(t.invoice, q.data.invoice) && eq(t.accountNum, q.data.account) && eq(t.documentNum, q.data.documentNum)).map(transView));
    });
  }

  app.get(`${P}/:company/ledger`, async (req, reply) => {
    const c = companyOr404(deps, reply, (req.params as { company: string }).company);
    if (!c) return reply;
    const q = z.object({ account: z.string().optional(), voucher: z.string().optional() }).strict().safeParse(req.query ?? {});
    if (!q.success) return sendValidationError(reply, q.error);
    return sendJson(reply, 200, ledgerView(c, c.ledger.filter((e) => (q.data.account === undefined || e.mainAccount === q.data.account) && (q.data.voucher === undefined || e.voucher === q.data.voucher))));
  });

  app.put(`${P}/:company/periods/:month`, async (req, reply) => {
    const p = req.params as { company: string; month: string };
    const c = companyOr404(deps, reply, p.company);
    if (!c) return reply;
    const body = z.object({ status: z.enum(['Open', 'OnHold', 'Closed']) }).strict().safeParse(req.body ?? {});
    if (!body.success) return sendValidationError(reply, body.error);
    if (!/^\d{4}-\d{2}$/.test(p.month)) return sendJson(reply, 400, { error: 'invalid_request', issues: [{ path: 'month', message: 'expected yyyy-MM' }] });
    const period = c.periods.find((x) => x.month === p.month);
    if (!period) return sendJson(reply, 404, { error: 'not_found', message: `period ${p.month} is not in the fiscal calendar of ${c.id}` });
    period.status = body.data.status;
    return sendJson(reply, 200, period);
  });

  app.post(`${P}/:company/post`, async (req, reply) => {
    const c = companyOr404(deps, reply, (req.params as { company: string }).company);
    if (!c) return reply;
    const body = z.object({ freeTextInvoice: z.string().min(1).optional(), journalNum: z.string().min(1).optional() }).strict().safeParse(req.body ?? {});
    if (!body.success) return sendValidationError(reply, body.error);
    const results = postPending(runtime.aos, c, body.data, deps.ctx.clock.now().toISOString());
    return sendJson(reply, 200, { posted: results.filter((r) => r.posted).length, failed: results.filter((r) => !r.posted).length, results });
  });

  app.get(`${P}/:company/reference`, async (req, reply) => {
    const c = companyOr404(deps, reply, (req.params as { company: string }).company);
    return c ? sendJson(reply, 200, { kinds: REFERENCE_KINDS }) : reply;
  });
  app.get(`${P}/:company/reference/:kind`, async (req, reply) => {
    const p = req.params as { company: string; kind: string };
    const c = companyOr404(deps, reply, p.company);
    if (!c) return reply;
    if (!isReferenceKind(p.kind)) return sendJson(reply, 404, { error: 'unknown_kind', message: `unknown reference data ${p.kind} (one of: ${REFERENCE_KINDS.join(', ')})` });
    return sendJson(reply, 200, listReference(c, p.kind));
  });
  app.post(`${P}/:company/reference/:kind`, async (req, reply) => {
    const p = req.params as { company: string; kind: string };
    const c = companyOr404(deps, reply, p.company);
    if (!c) return reply;
    if (!isReferenceKind(p.kind)) return sendJson(reply, 404, { error: 'unknown_kind', message: `unknown reference data ${p.kind} (one of: ${REFERENCE_KINDS.join(', ')})` });
    const result = addReference(c, p.kind, req.body);
    if (!result.ok) return sendJson(reply, result.status, { error: result.status === 409 ? 'conflict' : 'invalid_request', issues: [{ path: result.path, message: result.message }] });
    return sendJson(reply, 201, result.row);
  });
  app.delete(`${P}/:company/reference/:kind/*`, async (req, reply) => {
    const p = req.params as { company: string; kind: string; '*': string };
    const c = companyOr404(deps, reply, p.company);
    if (!c) return reply;
    if (!isReferenceKind(p.kind)) return sendJson(reply, 404, { error: 'unknown_kind', message: `unknown reference data ${p.kind}` });
    return removeReference(c, p.kind, decodeURIComponent(p['*'])) ? reply.code(204).send() : sendJson(reply, 404, { error: 'not_found', message: `${p.kind} ${p['*']} does not exist in ${c.id}` });
  });

  registerMasterDataRoutes(app, deps, companyOr404);
}
