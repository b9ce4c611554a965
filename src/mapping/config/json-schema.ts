import { z } from 'zod';
import { MappingConfigSchema } from './schema.js';

/** Where the published schema lives (relative to the package root). */
export const PUBLISHED_SCHEMA_PATH = 'examples/kfax-mapping.schema.json';

/** The JSON schema of the mapping configuration, as published for editors and reviewers. */
export function mappingJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(MappingConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://kfax.dev/schemas/kfax-mapping.schema.json', title: 'kfax mapping configuration' };
}
