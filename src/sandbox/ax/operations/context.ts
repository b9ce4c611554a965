import type { XmlNode } from '../../../xml/build.js';
import type { XmlElement } from '../../../xml/tree.js';
import type { AifOperation, PortService } from '../catalog.js';
import type { AxSettings } from '../settings.js';
import type { AosState } from '../state/aos.js';
import type { CompanyState } from '../state/company.js';
import type { Tx } from '../state/tx.js';

/** Everything an operation handler may use. Handlers only plan; they mutate through `tx`. */
export interface OperationContext {
  readonly aos: AosState;
  readonly company: CompanyState;
  readonly settings: AxSettings;
  readonly service: PortService;
  readonly operation: AifOperation;
  /** The sandbox's today (`yyyy-MM-dd`). */
  readonly today: string;
  readonly nowMs: number;
  /** The acting user `DOMAIN\user`. */
  readonly user: string;
  /** The acting user's language (CallContext Language or the user's default). */
  readonly language: string;
  readonly tx: Tx;
}

/**
 * An operation handler validates the request and plans its effects on `ctx.tx`; it returns a
 * function that builds the response body once the transaction has been committed (so that
 * keys assigned on commit can be returned).
 */
export type OperationHandler = (ctx: OperationContext, wrapper: XmlElement) => () => XmlNode[];

/** Handlers of one service, by operation. */
export type ServiceHandlers = Partial<Record<AifOperation, OperationHandler>>;
