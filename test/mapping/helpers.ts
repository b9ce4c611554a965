import { readFileSync } from 'node:fs';
import { parse as parseLossless } from 'lossless-json';
import { compileMapping, type CompiledMapping } from '../../src/mapping/compile/compile.js';
import { loadMappingFile, parseMappingYaml } from '../../src/mapping/config/load.js';
import { snapshotFromWorld } from '../../src/mapping/reference/from-seed.js';
import { parseReferenceSnapshot, type SnapshotReferenceData } from '../../src/mapping/reference/snapshot.js';
import { buildWorld } from '../../src/sandbox/seed/world.js';

export const EXAMPLE_CONFIG = 'examples/kfax-mapping.yaml';

/** The example mapping, compiled. */
export function exampleMapping(): CompiledMapping {
  return compileMapping(loadMappingFile(EXAMPLE_CONFIG));
}

/** The example mapping with some YAML appended/replaced via a transform of the text. */
export function exampleMappingWith(edit: (yaml: string) => string): CompiledMapping {
  return compileMapping(parseMappingYaml(edit(readFileSync(EXAMPLE_CONFIG, 'utf8')), 'edited'));
}

/** Reference data of the seeded sandbox company kfuk (seed 1, today pinned). */
export function seedReference(): SnapshotReferenceData {
  return parseReferenceSnapshot(JSON.parse(JSON.stringify(snapshotFromWorld(buildWorld({ seed: 1, today: '2026-11-26' }), 'kfuk'))));
}

/** A sample KashFlow document from examples/documents, parsed losslessly like the CLI does. */
export function sample(name: string): unknown {
  return parseLossless(readFileSync(`examples/documents/${name}.json`, 'utf8'));
}

/** The same sample as plain JSON (for editing in tests). */
export function sampleJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`examples/documents/${name}.json`, 'utf8')) as Record<string, unknown>;
}

/** Mapping YAML edit: a rounding tolerance wide enough for generated documents (5.00 instead of 0.05). */
export function looseRounding(yaml: string): string {
  return yaml.replace('maxDifference: "0.05"', 'maxDifference: "5.00"');
}

const THREE_WAY_SPLIT = `  split:
    - id: three-way
      when: { nominal: { from: 4000, to: 8999 } }
      dimension: BusinessUnit
      shares:
        - { value: "010", percent: "33.33" }
        - { value: "020", percent: "33.33" }
        - { value: "030", percent: "33.34" }
`;

/** Mapping YAML edit: every sales line (nominal 4000–8999) split three ways across BusinessUnit. */
export function withThreeWaySplit(yaml: string): string {
  return yaml.replace(/ {2}split:\n( {4}.*\n)+/, THREE_WAY_SPLIT);
}
