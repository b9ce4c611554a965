import type { FailureKind } from './kinds.js';

/** Static description of one error code. */
export interface ErrorDefinition {
  /** Failure kind used by retry and dead-letter decisions. */
  readonly kind: FailureKind;
  /** HTTP status used when the error is returned by kfax's own HTTP API. */
  readonly status: number;
  /** Message template; `%s` placeholders are filled in order from the arguments. */
  readonly message: string;
}

/**
 * The single catalog of stable error codes. Codes never change meaning once released;
 * users and scripts may branch on them. Documented in `docs/errors.md`.
 */
export const ERROR_CATALOG = {
  // configuration and command line
  KFAX_CONFIG_INVALID: { kind: 'permanent', status: 500, message: 'invalid configuration at %s: %s' },
  KFAX_CONFIG_NOT_FOUND: { kind: 'permanent', status: 500, message: 'configuration file not found: %s' },
  KFAX_CLI_USAGE: { kind: 'permanent', status: 400, message: '%s' },

  // input validation (webhooks, admin API, documents)
  KFAX_INPUT_INVALID: { kind: 'permanent', status: 400, message: 'invalid input at %s: %s' },
  KFAX_INPUT_TOO_LARGE: { kind: 'permanent', status: 413, message: 'request body exceeds %s bytes' },
  KFAX_XML_MALFORMED: { kind: 'permanent', status: 400, message: 'malformed XML: %s' },
  KFAX_XML_FORBIDDEN: { kind: 'permanent', status: 400, message: 'XML rejected: %s' },
  KFAX_JSON_MALFORMED: { kind: 'permanent', status: 400, message: 'malformed JSON: %s' },

  // generic remote outcomes (connectors refine these with their own codes)
  KFAX_REMOTE_TIMEOUT: { kind: 'in_doubt', status: 504, message: 'no answer from %s within %s ms' },
  KFAX_REMOTE_CONNECTION_LOST: { kind: 'in_doubt', status: 502, message: 'connection to %s lost: %s' },
  KFAX_REMOTE_UNAVAILABLE: { kind: 'transient', status: 503, message: '%s answered %s' },
  KFAX_REMOTE_THROTTLED: { kind: 'throttled', status: 429, message: '%s is throttling requests' },
  KFAX_REMOTE_REJECTED: { kind: 'permanent', status: 422, message: '%s rejected the request: %s' },
  KFAX_REMOTE_AUTH_FAILED: { kind: 'permanent', status: 502, message: 'authentication to %s failed: %s' },

  // internal
  KFAX_INTERNAL: { kind: 'transient', status: 500, message: 'internal error: %s' },
} as const satisfies Record<string, ErrorDefinition>;

/** A stable kfax error code. */
export type ErrorCode = keyof typeof ERROR_CATALOG;
