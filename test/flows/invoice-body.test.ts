import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, fixed } from '../../src/canonical/money.js';
import type { ShopOrderPayload } from '../../src/flows/contracts.js';
import type { OrderToCashDeps } from '../../src/flows/order-to-cash/deps.js';
import { handleShopOrder } from '../../src/flows/order-to-cash/shop-order.js';
import { stringifyWithRawNumbers } from '../../src/util/json-raw.js';
import { shopOrder } from './rig.js';

/** The KashFlow invoice body the handler sends for `order` (as JSON text), or the error it throws. */
async function sentBody(order: ShopOrderPayload, exchangeRate: string): Promise<string> {
  let sent = '';
  const kashflow = {
    findCustomerByEmail: async () => 'ADAS01',
    exchangeRate: async () => exchangeRate,
    createInvoice: async (body: Record<string, unknown>) => {
      sent = stringifyWithRawNumbers(body);
      return 1025;
    },
  };
  const deps = { kashflow, mapping: { currency: { accountingCurrency: 'GBP' } }, shop: { salesNominalCode: 4010, shippingNominalCode: 4900, dueDays: 14 }, flows: { enabled: [], invoiceTrigger: 'issued' } } as unknown as OrderToCashDeps;
  try {
    await handleShopOrder(deps, { payload: order, resend: false, lookupXref: async () => null } as never);
  } catch (err) {
    return `error: ${String(err)}`;
  }
  return sent;
}

/** The line items as first written: every number through a decimal, 4 dp half-up. */
function expectedLines(order: ShopOrderPayload): unknown[] {
  return order.lines.map((l, i) => {
    const vat = new Dec(l.vatPercent);
    const unit = order.pricesIncludeTax ? new Dec(l.unitPrice).div(vat.div(100).plus(1)) : new Dec(l.unitPrice);
    return { Number: i + 1, Description: l.sku ? `${l.description} (${l.sku})` : l.description, Quantity: fixed(new Dec(l.quantity), 4), Rate: fixed(unit, 4), NominalCode: l.kind === 'shipping' ? 4900 : 4010, VATLevel: fixed(vat, 4), VATExempt: false };
  });
}

/** The body's line items with their raw numbers read back as text. */
function linesOf(body: string): unknown[] {
  const raw = body.replace(/"(Quantity|Rate|VATLevel|ExchangeRate)":(-?[0-9.]+)/g, '"$1":"$2"');
  return (JSON.parse(raw) as { LineItems: unknown[] }).LineItems;
}

const decimal = fc.oneof(fc.stringMatching(/^\d{1,6}(\.\d{1,7})?$/), fc.constantFrom('0', '20', '17.5', '5', '0.00', '19.99', '007', '-3.5'));
const line = fc.record({ description: fc.constantFrom('Mug', 'Bowl'), sku: fc.constantFrom('', 'ENA-104'), quantity: decimal, unitPrice: decimal, vatPercent: fc.oneof(decimal, fc.constantFrom('20', '0', '5')), kind: fc.constantFrom('item' as const, 'shipping' as const) });

describe('shop.order invoice body', () => {
  it('carries every amount at 4 dp exactly as computed through decimals (VAT-inclusive prices converted)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 4 }), fc.boolean(), async (lines, pricesIncludeTax) => {
        const order = shopOrder('1001', 'ada@example.com', { lines, pricesIncludeTax });
        expect(linesOf(await sentBody(order, '1'))).toEqual(expectedLines(order));
      }),
      { numRuns: 1000 },
    );
  });

  it('writes the exchange rate at 4 dp and the numbers bare', async () => {
    const order = shopOrder('1001', 'ada@example.com', { currency: 'EUR' });
    for (const [rate, text] of [['1.1', '1.1000'], ['0.85675', '0.8568'], ['2', '2.0000']]) {
      const body = await sentBody(order, rate!);
      expect(body).toContain(`"Currency":{"Code":"EUR","ExchangeRate":${text}}`);
      expect(body).toContain('"Quantity":3.0000,"Rate":16.6583,"NominalCode":4010,"VATLevel":20.0000');
    }
  });
});
