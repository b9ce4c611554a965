import type { ErrorCode } from '../errors/catalog.js';
import { KfaxError } from '../errors/kfax-error.js';

/** What the mapping was doing when it failed: enough for an operator to find the rule. */
export interface RuleContext {
  /** Entity being mapped (`sales-invoice`…). */
  entity?: string;
  /** Source record (`kashflow:invoice:1042`). */
  source?: string;
  /** Target path in the AX document (`CustInvoiceTable.CustInvoiceLine[2].LedgerDimension`). */
  path?: string;
  /** The configuration rule or table involved (`accounts.rules`, `vat.itemTaxGroups`). */
  rule?: string;
  /** Facts the rule looked at (a small subset, for the dead-letter view). */
  facts?: Record<string, string>;
  /** Mapping version label in force. */
  mappingVersion?: string;
}

const BRAND = Symbol.for('kfax.MappingError');

/**
 * A document that cannot be mapped. Always a permanent failure of that message (it goes to
 * the dead letters with this rule context), never a crash of the process.
 */
export class MappingError extends KfaxError {
  readonly context: RuleContext;
  readonly [BRAND] = true;

  constructor(code: Extract<ErrorCode, `KFAX_MAPPING_${string}`>, args: readonly (string | number)[], context: RuleContext) {
    super(code, args, { details: { ...context } });
    this.context = context;
  }

  /** A copy with more context (added by outer layers: entity, source, version). */
  withContext(extra: RuleContext): MappingError {
    const e = new MappingError(this.code as Extract<ErrorCode, `KFAX_MAPPING_${string}`>, [], { ...extra, ...this.context });
    Object.defineProperty(e, 'message', { value: this.message });
    return e;
  }
}

/** True for a {@link MappingError}, across module copies. */
export function isMappingError(value: unknown): value is MappingError {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[BRAND] === true;
}

/** Shorthand for the common "mapping failed at <path>: <reason>". */
export function mappingFailed(path: string, reason: string, context: RuleContext = {}): MappingError {
  return new MappingError('KFAX_MAPPING_FAILED', [path, reason], { path, ...context });
}
