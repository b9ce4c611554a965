/** The AX document writer: exactly-once creates with batch mode, and look-ups by natural key. */
export { AxDocumentWriter, type AxDocumentWriterOptions, type AxWriterEvent } from './writer.js';
export type { AxWriteRequest, AxWriteResult } from './envelope.js';
export { AxLookups, DEFAULT_LOOKUP_SERVICES, type AxLookupServices, type CustTransFilter } from './lookups.js';
export { parseCustTrans, type CustTransRef, type SettlementState } from './cust-trans.js';
export { naturalKeys, describeNaturalKey, lookUpNaturalKey, type AxNaturalKey } from './natural-key.js';
export { batchMessageId, envelopeMessageId, normalizeMessageId, KFAX_AX_BATCH_NAMESPACE } from './message-ids.js';
export { DEFAULT_BATCH_SETTINGS, type AxBatchSettings, type ServiceWriteStats, type WriteMode } from './health.js';
export { connectAx, axClientFromConfig, type AxConnection, type ConnectAxOptions } from './connect.js';
