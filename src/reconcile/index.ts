/**
 * Reconciliation of the KashFlow sales ledger with Dynamics AX (`kfax reconcile`): counts and
 * totals per month, customer and VAT rate on both sides, and every missing, extra or different
 * invoice and payment. See docs/reconcile.md.
 */
export { reconcileLedgers, type ReconcileOptions, type ReconcileSources } from './reconcile.js';
export { runReconcile, type ReconcileRun } from './run.js';
export { ReconcileResult, type ExtraDocument, type MissingDocument, type ReadError } from './result.js';
export { renderReport } from './report-text.js';
export { reconcileOptionsFrom, DEFAULT_RECONCILE_CONFIG } from './setup.js';
export { AifLedgerSource, DEFAULT_AX_READ_SERVICES, type AxLedgerSource, type AxReadServices } from './ax-source.js';
export { RestLedgerSource, type KashflowLedgerSource, type IssuedInvoice } from './kashflow-source.js';
export { StoreXrefLookup, type XrefLookup } from './xref.js';
export { resolvePeriod, monthsOf, type Period } from './period.js';
export type { DocumentDifference, PaymentDifference } from './compare.js';
export type { TotalsDifference } from './totals.js';
