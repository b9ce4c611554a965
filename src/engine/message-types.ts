/**
 * The registry of message types. Flows register each type once with its handler, the endpoint
 * it delivers to (limits, breaker and retry policy are per endpoint) and an optional zod schema
 * that validates the payload at the inbox, at delivery and when an operator edits it.
 */
import type { ZodType } from 'zod';
import { KfaxError } from '../errors/kfax-error.js';
import type { Handler } from './handler.js';
import { formatIssuePath, joinPath } from './json-value.js';

/** One message type. */
export interface MessageTypeDefinition<P = unknown> {
  /** Stable name, e.g. `ax.freeTextInvoice.post`. */
  readonly type: string;
  /** Endpoint the handler talks to, e.g. `ax-kfuk`. */
  readonly endpoint: string;
  /** Validates (and may transform) the payload. */
  readonly schema?: ZodType<P>;
  /**
   * Optional fast check run before `schema`: true only when the schema would certainly accept the
   * value and give back the same values (keys in the same order); the value is then used as it
   * is. False when not sure: the schema decides and names the field.
   */
  readonly check?: (value: unknown) => boolean;
  readonly handle: Handler<P>;
  /** One line for operators. */
  readonly description?: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;

/** Result of validating a payload against its type. */
export type ValidationResult<P> = { readonly ok: true; readonly value: P } | { readonly ok: false; readonly path: string; readonly reason: string };

/** All registered message types. Registration fails fast on duplicates and bad names. */
export class MessageTypeRegistry {
  private readonly byType = new Map<string, MessageTypeDefinition>();

  /** Registers a type; throws on a duplicate or a malformed name. */
  define<P>(definition: MessageTypeDefinition<P>): this {
    if (!NAME.test(definition.type)) throw new TypeError(`message type name "${definition.type}" must match ${NAME}`);
    if (!NAME.test(definition.endpoint)) throw new TypeError(`endpoint name "${definition.endpoint}" of ${definition.type} must match ${NAME}`);
    if (this.byType.has(definition.type)) throw new TypeError(`message type "${definition.type}" is already registered`);
    this.byType.set(definition.type, definition as MessageTypeDefinition);
    return this;
  }

  get(type: string): MessageTypeDefinition | undefined {
    return this.byType.get(type);
  }

  /** The definition, or `KFAX_MESSAGE_TYPE_UNKNOWN`. */
  require(type: string): MessageTypeDefinition {
    const def = this.byType.get(type);
    if (!def) throw new KfaxError('KFAX_MESSAGE_TYPE_UNKNOWN', [type]);
    return def;
  }

  /** Every registered type name. */
  types(): string[] {
    return [...this.byType.keys()];
  }

  /** Every endpoint some type delivers to. */
  endpoints(): string[] {
    return [...new Set([...this.byType.values()].map((d) => d.endpoint))];
  }

  /** Types delivered to one endpoint. */
  typesFor(endpoint: string): string[] {
    return [...this.byType.values()].filter((d) => d.endpoint === endpoint).map((d) => d.type);
  }

  /** Validates a payload; without a schema every JSON value is accepted. */
  validate(type: string, payload: unknown): ValidationResult<unknown> {
    const def = this.require(type);
    const schema = def.schema;
    if (!schema || def.check?.(payload) === true) return { ok: true, value: payload };
    const parsed = schema.safeParse(payload);
    if (parsed.success) return { ok: true, value: parsed.data };
    const issue = parsed.error.issues[0]!;
    return { ok: false, path: formatIssuePath(issue.path), reason: issue.message };
  }

  /** Like {@link validate} but throws `KFAX_INPUT_INVALID` naming `field` + the issue path. */
  assertValid(type: string, payload: unknown, field: string): unknown {
    const result = this.validate(type, payload);
    if (!result.ok) throw new KfaxError('KFAX_INPUT_INVALID', [joinPath(field, result.path), result.reason]);
    return result.value;
  }
}
