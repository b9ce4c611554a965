import { Dec } from '../canonical/money.js';

/** Settlement state of an invoice, judged from amounts on both sides. */
export type SettlementState = 'open' | 'partlySettled' | 'settled' | 'none';

/** Net and VAT of the lines of one VAT rate. */
export interface RateAmounts {
  readonly net: Dec;
  readonly vat: Dec;
  readonly lines: number;
}

/** A payment applied to an invoice. */
export interface AppliedPayment {
  /** KashFlow payment id (AX: read back from the payment's DocumentNum; else `ax:<DocumentNum or RecId>`). */
  readonly id: string;
  readonly date: string;
  /** Payment amount in the invoice currency (positive). */
  readonly amount: Dec;
}

/**
 * One sales invoice as one side of the ledger shows it, reduced to what reconciliation
 * compares. Amounts are in the document currency unless named `home…`.
 */
export interface LedgerDocument {
  /** The KashFlow invoice number (the natural key; AX: read back from DocumentNum or the xref). */
  readonly number: string;
  /** The side's own id: the KashFlow number, or the AX InvoiceId. */
  readonly ref: string;
  /** KashFlow customer code (AX: read back from the account; upper case). */
  readonly customer: string;
  /** AX only: the invoice account as AX has it. */
  readonly account?: string;
  readonly date: string;
  readonly currency: string;
  readonly net: Dec;
  readonly vat: Dec;
  readonly gross: Dec;
  /** Gross in the home (accounting) currency, when the side says. */
  readonly homeGross: Dec | undefined;
  /** Lines per VAT rate key (`20`, `5`, `0`, `exempt`…). */
  readonly rates: ReadonlyMap<string, RateAmounts>;
  /** KashFlow: payments recorded; AX: amount settled against the invoice. */
  readonly settled: Dec;
  /** AX only: the open remainder. */
  readonly open?: Dec;
  readonly payments: readonly AppliedPayment[];
  readonly state: SettlementState;
  /** KashFlow's own status text (information only). */
  readonly status?: string;
}

/** The settlement state of an invoice of `gross` of which `settled` is paid. */
export function settlementState(gross: Dec, settled: Dec): SettlementState {
  if (gross.isZero()) return 'none';
  if (settled.abs().gte(gross.abs())) return 'settled';
  return settled.isZero() ? 'open' : 'partlySettled';
}

/** Adds net/VAT to a rate bucket of a map being built. */
export function addToRate(rates: Map<string, RateAmounts>, key: string, net: Dec, vat: Dec, lines = 1): void {
  const cur = rates.get(key);
  rates.set(key, cur ? { net: cur.net.plus(net), vat: cur.vat.plus(vat), lines: cur.lines + lines } : { net, vat, lines });
}

/**
 * Moves a VAT rounding amount into the rate bucket whose line carried the largest VAT (the
 * first such line), as the mapping assigns a rounding difference to the largest-VAT line.
 */
export function foldRounding(rates: Map<string, RateAmounts>, largestKey: string | undefined, amount: Dec): void {
  if (amount.isZero()) return;
  const key = largestKey ?? 'none';
  addToRate(rates, key, new Dec(0), amount, 0);
}

/** Normalised text of a VAT percentage (`20.00` → `20`, `17.5` stays). */
export function rateKeyOf(rate: Dec): string {
  return rate.toDecimalPlaces(4).toString();
}
