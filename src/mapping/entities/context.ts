import type { Dec } from '../../canonical/money.js';
import type { CompiledMapping } from '../compile/compile.js';
import type { Explanation } from '../explain.js';
import type { AxReferenceData } from '../reference/reference-data.js';

/** Cross-references the mapping may consult (kfax's xref store, later); all optional. */
export interface MappingXref {
  /** The AX invoice id of a KashFlow invoice number, once AX posted it. */
  axInvoiceId?(kashflowInvoiceNumber: number): string | undefined;
}

/** Everything one mapping run can read, plus where it writes explanations and warnings. */
export interface MappingContext {
  readonly cm: CompiledMapping;
  readonly ref: AxReferenceData | undefined;
  readonly xref: MappingXref | undefined;
  readonly explain: Explanation;
  readonly warnings: string[];
}

/** One line's amounts in the mapped result (document and home currency). */
export interface LineTotals {
  /** Line number in the AX document. */
  readonly lineNum: number;
  /** Net amount sent to AX. */
  readonly amount: Dec;
  /** The share of KashFlow's VAT this line carries. */
  readonly vat: Dec;
  /** VAT AX will compute on the line from its tax groups. */
  readonly axVat: Dec;
  readonly homeAmount: Dec;
  readonly homeVat: Dec;
  /** True for a VAT rounding line added by the mapping. */
  readonly rounding: boolean;
}

/** Totals of a mapped invoice, for reconciliation and the property tests. */
export interface TradeTotals {
  readonly currency: string;
  readonly net: Dec;
  readonly vat: Dec;
  readonly gross: Dec;
  /** Sum of AX-computed line VAT. */
  readonly axVat: Dec;
  /** Amount of the VAT rounding line (0 when none). */
  readonly rounding: Dec;
  readonly homeCurrency: string;
  readonly homeNet: Dec;
  readonly homeVat: Dec;
  readonly homeGross: Dec;
  readonly lines: readonly LineTotals[];
}
