/** AX reference data read live from the AIF port (the mapping engine's `AxReferenceData`). */
export { LiveAxReferenceData, type LiveReferenceOptions } from './live-reference.js';
export { readReferenceSnapshot, type ReadReferenceOptions } from './read-snapshot.js';
export { REFERENCE_SERVICES, referenceServiceNames, type ReferenceServiceId, type ReferenceServiceName } from './services.js';
export { loadReferenceFromConfig, type ConfiguredReference } from './from-config.js';
