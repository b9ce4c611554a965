/** KashFlow change detection (KashFlow has no webhooks): see `docs/change-detection.md`. */
export { PollerRunner, POLLER_JOBS, type PollerJob, type PollerRunnerOptions, type PollerState } from './poller-runner.js';
export { DocumentSweeper } from './document-sweep.js';
export { PartySweeper } from './party-sweep.js';
export type { ChangeDetectionContext } from './context.js';
export { resolvePollerSettings, pollerExtrasSchema, DEFAULT_POLLING, CUSTOMER_SOURCES, type PollerSettings, type PollerExtras, type PollingSection, type CustomerSource } from './settings.js';
export type { SweepReport, SweepError, SweepKind, SweepEntity } from './sweep-report.js';
export { snapshotScope, decodeSnapshot, type DocumentSnapshot } from './snapshot.js';
export { decodePartyCursor, type PartyCursor } from './party-cursor.js';
export { readDocumentSummary, type DocumentKind, type DocumentSummary } from './summary.js';
