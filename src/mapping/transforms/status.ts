import type { Dec } from '../../canonical/money.js';
import type { CompiledMapping } from '../compile/compile.js';

/** AX settlement states kfax distinguishes. */
export type AxSettlementState = 'open' | 'partlySettled' | 'settled' | 'none';

/** KashFlow status → the AX settlement state that should follow (with the rule). */
export function kashflowStatusToAx(cm: CompiledMapping, status: string): { state: AxSettlementState; rule: string } {
  const table = cm.config.status.toAx;
  const hit = table[status];
  if (hit !== undefined) return { state: hit, rule: `status.toAx["${status}"]` };
  return { state: table['*'] ?? 'open', rule: `status.toAx["*"] (no entry for "${status}")` };
}

/** Settlement of an AX customer transaction, as read from AX. */
export interface AxSettlement {
  /** Invoice amount and what is still open, in transaction currency. */
  readonly amount: Dec;
  readonly open: Dec;
  readonly dueDate?: string;
}

/** AX settlement (amount/open amount) → AX state → KashFlow status; open and past due → the overdue status. */
export function axSettlementToKashflow(cm: CompiledMapping, s: AxSettlement, today: string): { state: AxSettlementState; status: string; rule: string } {
  const state: AxSettlementState = s.amount.isZero() ? 'none' : s.open.isZero() || s.open.isNegative() ? 'settled' : s.open.eq(s.amount) ? 'open' : 'partlySettled';
  const table = cm.config.status.toKashflow;
  let status = table[state] ?? 'Unpaid';
  let rule = `status.toKashflow["${state}"]`;
  if ((state === 'open' || state === 'partlySettled') && s.dueDate !== undefined && today > s.dueDate) {
    status = cm.config.status.overdueStatus;
    rule += `, past due ${s.dueDate}: status.overdueStatus`;
  }
  return { state, status, rule };
}
