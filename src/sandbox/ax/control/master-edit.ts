import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { CONTROL_PREFIX } from '../../context.js';
import { sendValidationError } from '../../control/common.js';
import type { CompanyState } from '../state/company.js';
import { seedItem, seedParty, seedProduct } from '../state/seed-records.js';
import type { AxControlDeps } from './routes.js';
import { sendJson as json } from './json.js';
import { recordView } from './views.js';

const P = `${CONTROL_PREFIX}/ax`;

const partyBody = z
  .object({
    accountNum: z.string().trim().min(1).max(20),
    name: z.string().trim().min(1).max(100),
    group: z.string().min(1),
    currency: z.string().regex(/^[A-Za-z]{3}$/),
    paymTermId: z.string().default(''),
    taxGroup: z.string().default(''),
    vatNum: z.string().max(20).default(''),
    address: z.object({ street: z.string().default(''), city: z.string().default(''), county: z.string().default(''), zipCode: z.string().default(''), countryRegionId: z.string().default('GBR') }).strict().default({ street: '', city: '', county: '', zipCode: '', countryRegionId: 'GBR' }),
    email: z.string().default(''),
    phone: z.string().default(''),
    defaultDimension: z.record(z.string(), z.string()).default({}),
  })
  .strict();

const productBody = z
  .object({
    itemId: z.string().trim().min(1).max(20),
    name: z.string().trim().min(1).max(60),
    productType: z.enum(['Item', 'Service']).default('Item'),
    itemGroup: z.string().default('GOODS'),
    itemTaxGroup: z.string().default('STD'),
    salesPrice: z.string().regex(/^\d+(\.\d+)?$/).default('0'),
    released: z.boolean().default(true),
  })
  .strict();

/**
 * Adds customers, vendors and products directly (AX is their master; tests use this to set up
 * data without going through AIF). Codes are checked against the company's setup.
 */
export function registerMasterDataRoutes(app: FastifyInstance, deps: AxControlDeps, companyOr404: (deps: AxControlDeps, reply: FastifyReply, id: string) => CompanyState | undefined): void {
  for (const kind of ['customers', 'vendors'] as const) {
    app.post(`${P}/:company/${kind}`, async (req, reply) => {
      const c = companyOr404(deps, reply, (req.params as { company: string }).company);
      if (!c) return reply;
      const parsed = partyBody.safeParse(req.body ?? {});
      if (!parsed.success) return sendValidationError(reply, parsed.error);
      const b = parsed.data;
      const rows = kind === 'customers' ? c.customers : c.vendors;
      if (rows.has(b.accountNum)) return json(reply, 409, { error: 'conflict', issues: [{ path: 'accountNum', message: `${b.accountNum} already exists` }] });
      const groups = kind === 'customers' ? c.customerGroups : c.vendorGroups;
      if (!groups.has(b.group)) return json(reply, 400, { error: 'invalid_request', issues: [{ path: 'group', message: `group ${b.group} does not exist` }] });
      if (!c.currencies.has(b.currency)) return json(reply, 400, { error: 'invalid_request', issues: [{ path: 'currency', message: `currency ${b.currency} does not exist` }] });
      const record = seedParty(kind === 'customers' ? 'CustTable' : 'VendTable', { ...b, address: b.address }, deps.runtime.aos);
      const now = deps.ctx.clock.nowMs();
      rows.set({ record, createdAt: now, modifiedAt: now });
      return json(reply, 201, recordView(record));
    });
  }

  app.post(`${P}/:company/products`, async (req, reply) => {
    const c = companyOr404(deps, reply, (req.params as { company: string }).company);
    if (!c) return reply;
    const parsed = productBody.safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    const b = parsed.data;
    const aos = deps.runtime.aos;
    if (b.released && c.items.has(b.itemId)) return json(reply, 409, { error: 'conflict', issues: [{ path: 'itemId', message: `item ${b.itemId} already exists in ${c.id}` }] });
    if (!c.itemSalesTaxGroups.has(b.itemTaxGroup)) return json(reply, 400, { error: 'invalid_request', issues: [{ path: 'itemTaxGroup', message: `item sales tax group ${b.itemTaxGroup} does not exist` }] });
    const now = deps.ctx.clock.nowMs();
    if (!aos.products.has(b.itemId)) aos.products.set({ record: seedProduct(b, aos), createdAt: now, modifiedAt: now });
    if (b.released) c.items.set({ record: seedItem(b, aos), createdAt: now, modifiedAt: now });
    const product = aos.products.get(b.itemId);
    const item = b.released ? c.items.get(b.itemId) : undefined;
    return json(reply, 201, { product: product ? recordView(product.record) : null, item: item ? recordView(item.record) : null });
  });
}
