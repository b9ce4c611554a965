import { Dec, fixed } from '../canonical/money.js';
import { signShopify, signStripe } from '../server/webhooks/signatures.js';
import type { World } from '../sandbox/seed/types.js';
import { Rng } from '../sandbox/seed/rng.js';

/** One simulated order, as the demo tracks it. */
export interface SimulatedOrder {
  orderId: string;
  orderName: string;
  email: string;
  total: string;
  currency: string;
  paymentIntentId: string;
}

/** Options of {@link ShopSimulator}. */
export interface ShopSimulatorOptions {
  /** kfax's base URL (the webhook intake is at `/webhooks/<source>`). */
  kfaxUrl: string;
  shopifySecret: string;
  stripeSecret: string;
  world: World;
  seed: number;
  /** Share of orders placed by buyers unknown to KashFlow (new customers). Default 0.4. */
  newBuyerShare?: number;
  /** Order date (`yyyy-MM-dd`). */
  orderDate: string;
  now?: () => number;
}

/**
 * A simulated web shop: builds Shopify-style `orders/create` webhooks (prices ex-VAT, tax per
 * line rounded to the penny, as KashFlow computes it, so the paid amount settles the invoice
 * exactly) and Stripe-style `payment_intent.succeeded` events for them, and posts both to kfax
 * with real signatures.
 */
export class ShopSimulator {
  private readonly rng: Rng;
  private next = 0;
  private readonly base: number;

  constructor(private readonly options: ShopSimulatorOptions) {
    this.rng = new Rng(options.seed ^ 0x5409);
    this.base = 100_000_000 + this.rng.int(0, 899_999_999) * 1000;
  }

  /** Builds and posts one order; resolves with what was ordered once kfax accepted it durably. */
  async placeOrder(): Promise<SimulatedOrder> {
    const next = this.nextOrder();
    await this.postOrder(next);
    return next.order;
  }

  /** The next order's webhook body and summary, not sent yet. */
  nextOrder(): { body: string; order: SimulatedOrder } {
    return this.orderBody(++this.next);
  }

  /** Posts an order webhook (again, if called twice: a shop retrying a delivery). */
  async postOrder(next: { body: string; order: SimulatedOrder }): Promise<void> {
    const { body, order } = next;
    await this.post('/webhooks/shopify', body, { 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopify(body, this.options.shopifySecret), 'x-shopify-webhook-id': `wh-${order.orderId}`, 'x-shopify-shop-domain': 'kfax-demo.myshopify.com' });
  }

  /** Posts the Stripe payment of an order. */
  async payOrder(order: SimulatedOrder): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    const cents = new Dec(order.total).times(100).toFixed(0);
    const body = JSON.stringify({ id: `evt_${order.paymentIntentId.slice(3)}`, object: 'event', type: 'payment_intent.succeeded', created: Math.floor(now / 1000), data: { object: { id: order.paymentIntentId, object: 'payment_intent', amount: Number(cents), amount_received: Number(cents), currency: order.currency.toLowerCase(), metadata: { order_id: order.orderId } } } });
    await this.post('/webhooks/stripe', body, { 'stripe-signature': signStripe(body, this.options.stripeSecret, now) });
  }

  /** The JSON body and summary of order number `n` (exposed for benchmarks that pre-sign bodies). */
  orderBody(n: number): { body: string; order: SimulatedOrder } {
    const rng = this.rng;
    const world = this.options.world.kashflow;
    const orderId = String(this.base + n);
    const known = world.customers.filter((c) => c.currency === 'GBP');
    const newBuyer = rng.chance(this.options.newBuyerShare ?? 0.4) || known.length === 0;
    const buyer = newBuyer ? { email: `buyer${orderId}@shop.example`, first: 'New', last: `Buyer ${n}` } : (() => {
      const c = rng.pick(known);
      return { email: c.contact.email, first: c.contact.firstName, last: c.contact.lastName };
    })();
    const goods = world.products.filter((p) => !p.isService);
    const lines = Array.from({ length: rng.int(1, 4) }, () => {
      const p = rng.pick(goods);
      const qty = rng.int(1, 3);
      const tax = fixed(new Dec(p.price).times(qty).times(p.vatRate).div(100), 2);
      return { title: p.name, sku: p.code, quantity: qty, price: p.price, taxable: true, tax_lines: [{ title: 'VAT', rate: Number(p.vatRate) / 100, price: tax }] };
    });
    const shipping = { title: 'Standard delivery', price: '4.95', tax_lines: [{ title: 'VAT', rate: 0.2, price: '0.99' }] };
    const total = lines.reduce((t, l) => t.plus(new Dec(l.price).times(l.quantity)).plus(l.tax_lines[0]!.price), new Dec(0)).plus('4.95').plus('0.99');
    const body = JSON.stringify({
      id: Number(orderId),
      name: `#D${orderId.slice(-6)}`,
      email: buyer.email,
      created_at: `${this.options.orderDate}T10:00:00+00:00`,
      currency: 'GBP',
      taxes_included: false,
      financial_status: 'pending',
      total_price: fixed(total, 2),
      customer: { email: buyer.email, first_name: buyer.first, last_name: buyer.last },
      billing_address: { first_name: buyer.first, last_name: buyer.last, company: null, address1: `${rng.int(1, 200)} Demo Street`, address2: '', city: 'Leeds', province: 'West Yorkshire', zip: 'LS1 4AP', country_code: 'GB' },
      line_items: lines,
      shipping_lines: [shipping],
    });
    return { body, order: { orderId, orderName: `#D${orderId.slice(-6)}`, email: buyer.email, total: fixed(total, 2), currency: 'GBP', paymentIntentId: `pi_${orderId}` } };
  }

  private async post(path: string, body: string, headers: Record<string, string>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let status = 0;
      let text = '';
      try {
        const res = await fetch(`${this.options.kfaxUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
        status = res.status;
        text = await res.text();
        if (status >= 200 && status < 300) return;
      } catch (err) {
        text = (err as Error).message;
      }
      // A shop retries webhooks that were not acknowledged (kfax dedupes the repeats).
      if (attempt >= 5 || (status >= 400 && status < 500 && status !== 429)) throw new Error(`webhook ${path} failed: ${status} ${text.slice(0, 200)}`);
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}
