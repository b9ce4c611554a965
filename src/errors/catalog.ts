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

  // kfax's HTTP server (webhook intake, admin API)
  KFAX_WEBHOOK_SIGNATURE_INVALID: { kind: 'permanent', status: 401, message: 'webhook from %s refused: %s' },
  KFAX_WEBHOOK_SOURCE_UNKNOWN: { kind: 'permanent', status: 404, message: 'no webhook source "%s" is enabled' },
  KFAX_UNAUTHORIZED: { kind: 'permanent', status: 401, message: '%s' },
  KFAX_ROUTE_NOT_FOUND: { kind: 'permanent', status: 404, message: 'no route %s %s' },

  // generic remote outcomes (connectors refine these with their own codes)
  KFAX_REMOTE_TIMEOUT: { kind: 'in_doubt', status: 504, message: 'no answer from %s within %s ms' },
  KFAX_REMOTE_CONNECTION_LOST: { kind: 'in_doubt', status: 502, message: 'connection to %s lost: %s' },
  KFAX_REMOTE_UNAVAILABLE: { kind: 'transient', status: 503, message: '%s answered %s' },
  KFAX_REMOTE_THROTTLED: { kind: 'throttled', status: 429, message: '%s is throttling requests' },
  KFAX_REMOTE_REJECTED: { kind: 'permanent', status: 422, message: '%s rejected the request: %s' },
  KFAX_REMOTE_AUTH_FAILED: { kind: 'permanent', status: 502, message: 'authentication to %s failed: %s' },

  // KashFlow
  KFAX_KASHFLOW_LOGIN_FAILED: { kind: 'permanent', status: 502, message: 'KashFlow login failed: %s' },
  KFAX_KASHFLOW_ACCOUNT_LOCKED: { kind: 'permanent', status: 502, message: 'KashFlow account is locked (%s); kfax stops logging in so the lock-out does not get worse: unlock it in KashFlow, then resume' },
  KFAX_KASHFLOW_DB_TIMEOUT: { kind: 'transient', status: 503, message: 'KashFlow database timeout (-2146232060) on %s' },
  KFAX_KASHFLOW_REJECTED: { kind: 'permanent', status: 422, message: 'KashFlow rejected %s: %s' },
  KFAX_KASHFLOW_NOT_FOUND: { kind: 'permanent', status: 404, message: 'KashFlow has no %s' },
  KFAX_KASHFLOW_SOAP_FAILED: { kind: 'permanent', status: 422, message: 'KashFlow SOAP %s answered NO: %s' },
  // KashFlow change detection (pollers)
  KFAX_POLLER_ABORTED: { kind: 'transient', status: 503, message: 'KashFlow %s sweep stopped before it finished: %s' },
  KFAX_POLLER_STOPPED: { kind: 'permanent', status: 503, message: 'KashFlow poller stopped and needs an operator: %s' },

  // Dynamics AX (AIF)
  KFAX_AX_FAULT: { kind: 'permanent', status: 422, message: 'AX rejected %s: %s' },
  KFAX_AX_DUPLICATE_MESSAGE: { kind: 'in_doubt', status: 409, message: 'AX says %s was already processed (duplicate MessageId); resolve by look-up' },
  KFAX_AX_PERIOD_NOT_OPEN: { kind: 'held', status: 409, message: 'AX ledger period is not open: %s' },
  KFAX_AX_INTERNAL_ERROR: { kind: 'transient', status: 502, message: 'AX failed with an internal error on %s (WCF InternalServiceFault); a write may have been applied' },
  KFAX_AX_NOT_FOUND: { kind: 'permanent', status: 404, message: 'AX has no %s %s' },

  // mapping (KashFlow → AX transformation); permanent: the message goes to the dead letters with the rule context
  KFAX_MAPPING_FAILED: { kind: 'permanent', status: 422, message: 'mapping failed at %s: %s' },
  KFAX_MAPPING_NO_RULE: { kind: 'permanent', status: 422, message: 'no mapping rule matched for %s: %s' },
  KFAX_MAPPING_UNBALANCED: { kind: 'permanent', status: 422, message: 'journal %s does not balance: debits %s, credits %s' },
  KFAX_MAPPING_VAT_DIFFERENCE: { kind: 'permanent', status: 422, message: 'VAT difference of %s on %s exceeds the allowed %s' },
  KFAX_MAPPING_ENTITY_UNKNOWN: { kind: 'permanent', status: 400, message: 'cannot tell which entity this document is: %s' },
  KFAX_MAPPING_REFERENCE_INVALID: { kind: 'permanent', status: 400, message: 'invalid AX reference data at %s: %s' },

  // durable store and engine
  KFAX_STORE_UNAVAILABLE: { kind: 'transient', status: 503, message: 'store %s unavailable: %s' },
  KFAX_STORE_SCHEMA_NEWER: { kind: 'permanent', status: 500, message: 'the database schema (version %s) is newer than this kfax build (version %s); upgrade kfax' },
  KFAX_STORE_MIGRATION_FAILED: { kind: 'permanent', status: 500, message: 'migration %s failed: %s' },
  KFAX_MESSAGE_TYPE_UNKNOWN: { kind: 'permanent', status: 400, message: 'unknown message type "%s"' },
  KFAX_MESSAGE_NOT_FOUND: { kind: 'permanent', status: 404, message: 'message %s not found' },
  KFAX_MESSAGE_STATE_CONFLICT: { kind: 'permanent', status: 409, message: 'message %s is %s: %s' },
  KFAX_PAYLOAD_CORRUPT: { kind: 'permanent', status: 500, message: 'stored payload of message %s cannot be read: %s' },
  KFAX_PAYLOAD_INVALID: { kind: 'permanent', status: 422, message: 'payload of %s is invalid at %s: %s' },
  KFAX_RESULT_INVALID: { kind: 'permanent', status: 500, message: 'handler for %s returned an invalid result at %s: %s' },
  KFAX_DEPENDENCY_MISSING: { kind: 'dependency', status: 409, message: 'waiting for %s' },
  KFAX_MESSAGE_HELD: { kind: 'held', status: 409, message: 'held: %s' },
  KFAX_HANDLER_FAILED: { kind: 'transient', status: 500, message: 'handler for %s failed: %s' },
  KFAX_HANDLER_TIMEOUT: { kind: 'in_doubt', status: 504, message: 'handler for %s did not finish within %s ms' },
  KFAX_LEASE_EXPIRED: { kind: 'in_doubt', status: 500, message: 'lease of worker %s expired while the message was in flight' },
  KFAX_SHUTDOWN_INTERRUPTED: { kind: 'in_doubt', status: 503, message: 'worker %s stopped before the handler finished' },
  KFAX_RETRIES_EXHAUSTED: { kind: 'permanent', status: 500, message: 'gave up after %s attempts: %s' },

  // internal
  KFAX_INTERNAL: { kind: 'transient', status: 500, message: 'internal error: %s' },
} as const satisfies Record<string, ErrorDefinition>;

/** A stable kfax error code. */
export type ErrorCode = keyof typeof ERROR_CATALOG;
