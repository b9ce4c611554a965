import { fixed, type Dec } from '../canonical/money.js';
import type { DocumentDifference, PaymentComparison } from './compare.js';
import { MoneyMap } from './money-map.js';
import type { Period } from './period.js';
import { LedgerTotals, type TotalsDifference } from './totals.js';

/** A KashFlow invoice AX does not have. */
export interface MissingDocument {
  readonly number: string;
  readonly date: string;
  readonly customer: string;
  readonly currency: string;
  readonly gross: string;
}

/** An AX invoice carrying a KashFlow number that has no KashFlow invoice (or is a second copy). */
export interface ExtraDocument {
  readonly number: string;
  readonly invoiceId: string;
  readonly date: string;
  readonly account: string;
  readonly currency: string;
  readonly gross: string;
  readonly reason: 'no KashFlow invoice' | 'duplicate';
}

/** A document that could not be read (it counts as a disagreement). */
export interface ReadError {
  readonly side: 'kashflow' | 'ax';
  readonly number: string;
  readonly message: string;
}

/** Payment totals of one side. */
export class PaymentTotals {
  count = 0;
  readonly amount = new MoneyMap();
  /** AX: settled against the invoices; KashFlow: paid up to the invoice amount. */
  readonly settled = new MoneyMap();
  /** Still open on the invoices. */
  readonly open = new MoneyMap();

  toJSON(): Record<string, unknown> {
    return { count: this.count, amount: this.amount.toJSON(), settled: this.settled.toJSON(), open: this.open.toJSON() };
  }
}

/** Everything one reconciliation found. */
export class ReconcileResult {
  readonly kashflow = new LedgerTotals();
  readonly ax = new LedgerTotals();
  /** AX invoices in the period that carry no KashFlow number (not kfax's; not compared). */
  axUnrelated = 0;
  matched = 0;
  readonly missing: MissingDocument[] = [];
  readonly extra: ExtraDocument[] = [];
  readonly different: DocumentDifference[] = [];
  totalsDifferent: TotalsDifference[] = [];
  readonly payments = { kashflow: new PaymentTotals(), ax: new PaymentTotals(), missing: [] as PaymentComparison['missing'], extra: [] as PaymentComparison['extra'], different: [] as PaymentComparison['different'] };
  readonly errors: ReadError[] = [];
  readonly notes: string[] = [];
  requests = { kashflow: 0, ax: 0 };

  constructor(readonly period: Period) {}

  /** True when nothing is missing, extra or different, and every total agrees. */
  get agree(): boolean {
    const p = this.payments;
    return this.missing.length + this.extra.length + this.different.length + this.totalsDifferent.length + p.missing.length + p.extra.length + p.different.length + this.errors.length === 0;
  }

  /** The JSON object `kfax reconcile --json` prints (money as decimal strings). */
  toJSON(): Record<string, unknown> {
    return {
      period: this.period,
      agree: this.agree,
      matched: this.matched,
      kashflow: this.kashflow.toJSON(),
      ax: { ...this.ax.toJSON(), unrelated: this.axUnrelated },
      missing: this.missing,
      extra: this.extra,
      different: this.different,
      totalsDifferent: this.totalsDifferent,
      payments: { kashflow: this.payments.kashflow.toJSON(), ax: this.payments.ax.toJSON(), missing: this.payments.missing, extra: this.payments.extra, different: this.payments.different },
      errors: this.errors,
      notes: this.notes,
      requests: this.requests,
    };
  }
}

export const money = (d: Dec): string => fixed(d, 2);
