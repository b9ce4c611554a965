import type { ProblemList } from '../soap/aif-error.js';
import type { CompanyState } from '../state/company.js';

/**
 * Ledger period check at posting. The infolog texts differ on purpose so that a client can
 * tell a closed period (permanent until reopened) from one that is on hold (temporary, kfax's
 * `held` state): "Period 2026-08 is closed …" vs "Period 2026-08 is on hold …" [G wording].
 */
export function checkPeriodOpen(company: CompanyState, date: string, field: string, xpath: string, problems: ProblemList): void {
  const period = company.periods.find((p) => p.start <= date && date <= p.end);
  if (!period) {
    problems.add(`The date ${date} is not in a fiscal period of the ledger calendar of company ${company.id}.`, field, xpath, 'PeriodNotFound');
    return;
  }
  if (period.status === 'Closed') problems.add(`Period ${period.month} (${period.start} - ${period.end}) is closed. Posting date ${date} cannot be used.`, field, xpath, 'PeriodClosed');
  else if (period.status === 'OnHold') problems.add(`Period ${period.month} (${period.start} - ${period.end}) is on hold. Posting date ${date} cannot be used until the period is opened.`, field, xpath, 'PeriodOnHold');
}
