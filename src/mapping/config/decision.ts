import { z } from 'zod';

/**
 * The condition and decision-table vocabulary shared by every section of the mapping
 * configuration. A condition (`when`) maps fact names to matchers; all must hold. A matcher is
 * a value (equality), a list (any of), or an object whose keys must all hold:
 * `from`/`to` (inclusive range; numeric when both sides are numbers), `prefix`, `regex`,
 * `present` (true: has a non-empty value; false: has none) and `not` (negation).
 */

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
export type Scalar = z.infer<typeof Scalar>;

export interface MatcherObject {
  from?: string | number;
  to?: string | number;
  prefix?: string;
  regex?: string;
  present?: boolean;
  not?: Matcher;
}
export type Matcher = Scalar | MatcherObject | (Scalar | MatcherObject)[];

export const MatcherObjectSchema: z.ZodType<MatcherObject> = z.lazy(() =>
  z
    .object({
      from: z.union([z.string(), z.number()]).optional().describe('Inclusive lower bound (numeric when both the bound and the value are numbers).'),
      to: z.union([z.string(), z.number()]).optional().describe('Inclusive upper bound.'),
      prefix: z.string().optional().describe('The value starts with this text.'),
      regex: z.string().optional().describe('The value matches this regular expression (JavaScript syntax).'),
      present: z.boolean().optional().describe('true: the fact has a non-empty value; false: it has none.'),
      not: MatcherSchema.optional().describe('Negates a matcher.'),
    })
    .strict()
    .refine((m) => Object.keys(m).length > 0, 'a matcher object needs at least one of from, to, prefix, regex, present, not'),
);

export const MatcherSchema: z.ZodType<Matcher> = z.lazy(() => z.union([Scalar, MatcherObjectSchema, z.array(z.union([Scalar, MatcherObjectSchema])).min(1)]));

/** Fact name → matcher; every entry must hold. Fact names are listed in docs/mapping.md. */
export const ConditionSchema = z.record(z.string().min(1), MatcherSchema).describe('Fact name → matcher; all must hold. An empty or absent condition always holds.');
export type Condition = z.infer<typeof ConditionSchema>;

/** One row of a decision table. Exactly one of `value`, `from`, `expression` gives the result. */
export const RowSchema = z
  .object({
    id: z.string().min(1).optional().describe('A name for the row, shown in explanations.'),
    when: ConditionSchema.optional(),
    priority: z.number().int().optional().describe('With hitPolicy "priority": the highest priority among matching rows wins (ties: first).'),
    value: Scalar.optional().describe('The result.'),
    from: z.string().min(1).optional().describe('Copy the value of this fact.'),
    expression: z.string().min(1).optional().describe('A JSONata expression over the facts, compiled once at start-up.'),
    map: z.string().min(1).optional().describe('Translate the result through this value map (valueMaps.<name>).'),
  })
  .strict()
  .refine((r) => [r.value, r.from, r.expression].filter((v) => v !== undefined).length === 1, { message: 'a row needs exactly one of value, from, expression' });
export type Row = z.infer<typeof RowSchema>;

/** A decision table: a list of rows (first match wins) or `{hitPolicy, rows}`. */
export const DecisionTableSchema = z.union([
  z.array(RowSchema),
  z
    .object({
      hitPolicy: z.enum(['first', 'priority']).default('first').describe('first: the first matching row wins; priority: the matching row with the highest priority wins.'),
      rows: z.array(RowSchema),
    })
    .strict(),
]);
export type DecisionTable = z.infer<typeof DecisionTableSchema>;

/** Normalised table form. */
export function tableRows(table: DecisionTable): { hitPolicy: 'first' | 'priority'; rows: Row[] } {
  return Array.isArray(table) ? { hitPolicy: 'first', rows: table } : { hitPolicy: table.hitPolicy, rows: table.rows };
}
