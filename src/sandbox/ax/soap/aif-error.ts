/**
 * A failed AIF operation as data: one problem per fault message / infolog line (schema errors,
 * a duplicate message, business validation). The SOAP layer turns it into an `AifFault` whose
 * detail depends on the port's "include exceptions in fault" setting.
 */

/**
 * Fault codes [G]: AX's real `FaultMessage/Code` strings for synchronous calls were not found;
 * these are stable, descriptive names a client may branch on. `DuplicateMessage` is the code
 * AIF uses in the file/queue format (reference §1.4).
 */
export type AifFaultCode =
  | 'DuplicateMessage'
  | 'InvalidDocumentSchema'
  | 'InvalidMessageHeader'
  | 'InvalidValue'
  | 'RecordNotFound'
  | 'RecordAlreadyExists'
  | 'ConcurrencyViolation'
  | 'PeriodClosed'
  | 'PeriodOnHold'
  | 'PeriodNotFound'
  | 'UnbalancedVoucher'
  | 'SettlementFailed'
  | 'ValidationFailed'
  | 'OperationNotSupported'
  | 'NotAuthorized';

/** One problem with a document. */
export interface AifProblem {
  readonly code: AifFaultCode;
  /** Infolog text (names the field and value, e.g. "Customer group ZZ does not exist."). */
  readonly message: string;
  readonly field?: string;
  /** XPath of the offending element in the request document. */
  readonly xpath?: string;
}

/** Thrown by operation handlers; nothing of the request has been applied when it is thrown. */
export class AifError extends Error {
  readonly problems: readonly AifProblem[];

  constructor(problems: readonly AifProblem[] | AifProblem) {
    const list = Array.isArray(problems) ? (problems as readonly AifProblem[]) : [problems as AifProblem];
    super(list.map((p) => p.message).join('\n'));
    this.name = 'AifError';
    this.problems = list;
  }
}

/** Shorthand: one business validation error. */
export function invalid(message: string, field?: string, xpath?: string, code: AifFaultCode = 'InvalidValue'): AifError {
  return new AifError({ code, message, ...(field === undefined ? {} : { field }), ...(xpath === undefined ? {} : { xpath }) });
}

/** Shorthand: one schema validation error. */
export function schemaError(detail: string, xpath?: string, field?: string): AifError {
  return new AifError({ code: 'InvalidDocumentSchema', message: `Invalid document schema. The following error was returned: ${detail}`, ...(xpath === undefined ? {} : { xpath }), ...(field === undefined ? {} : { field }) });
}

/**
 * Collects several validation problems of one document so that a client sees all of them in
 * one fault (AX reports every infolog error of the failed transaction).
 */
export class ProblemList {
  private readonly list: AifProblem[] = [];

  add(message: string, field?: string, xpath?: string, code: AifFaultCode = 'InvalidValue'): void {
    this.list.push({ code, message, ...(field === undefined ? {} : { field }), ...(xpath === undefined ? {} : { xpath }) });
  }

  /** Runs `fn`, adding the problems of an {@link AifError} it throws instead of propagating. */
  collect(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof AifError) this.list.push(...err.problems);
      else throw err;
    }
  }

  get size(): number {
    return this.list.length;
  }

  /** The problems collected so far. */
  all(): readonly AifProblem[] {
    return this.list;
  }

  /** Throws the collected problems, if any. */
  throwIfAny(): void {
    if (this.list.length > 0) throw new AifError(this.list);
  }
}
