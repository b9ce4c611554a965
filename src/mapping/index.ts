/**
 * The mapping layer: declarative configuration (YAML + JSON schema) → compiled rules → pure
 * mapping of canonical records to AX documents with an explanation of every value.
 *
 * Typical use by a flow:
 * ```ts
 * const cm = compileMapping(loadMappingFile('kfax.yaml'));          // once, at start-up
 * const result = await mapCanonical(cm, { entity: 'sales-invoice', record }, { reference });
 * for (const d of result.documents) send(d.service, mappedDocumentXml(d), result.mappingVersion);
 * ```
 */
export { compileMapping, type CompiledMapping } from './compile/compile.js';
export { loadMappingFile, parseMappingConfig, parseMappingYaml, type LoadedMapping, type MappingVersion, type ConfigProblem } from './config/load.js';
export { MappingConfigSchema, type MappingConfig, type MappingConfigInput } from './config/schema.js';
export { mappingJsonSchema, PUBLISHED_SCHEMA_PATH } from './config/json-schema.js';
export { mapCanonical, mapKashflowJson, mappedDocumentXml, type MapOptions, type MappedDocument, type MappingResult } from './engine.js';
export type { LineTotals, MappingXref, TradeTotals } from './entities/context.js';
export { MappingError, isMappingError, type RuleContext } from './errors.js';
export type { ExplainEntry } from './explain.js';
export type { AxReferenceData, AxPartyRef, AxProductRef, AxRateRef } from './reference/reference-data.js';
export { SnapshotReferenceData, loadReferenceSnapshot, parseReferenceSnapshot } from './reference/snapshot.js';
export { ReferenceSnapshotSchema, SNAPSHOT_FORMAT, type ReferenceSnapshot, type ReferenceSnapshotInput } from './reference/snapshot-schema.js';
export { snapshotFromWorld } from './reference/from-seed.js';
export { checkAgainstReference, type MissingReference, type ReferenceCheck } from './validate.js';
export { axSettlementToKashflow, kashflowStatusToAx, type AxSettlementState } from './transforms/status.js';
