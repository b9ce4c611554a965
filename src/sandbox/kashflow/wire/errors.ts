/**
 * A KashFlow REST error: HTTP status plus the `{Error, Message}` body of the Swagger
 * error model (reference §3.1).
 */
export class RestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'RestError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  /** The JSON body text. */
  body(): string {
    return JSON.stringify({ Error: this.code, Message: this.message });
  }
}

/** 400 naming the offending field: `Field: reason`. */
export function invalidField(field: string, reason: string): RestError {
  return new RestError(400, 'ValidationError', `${field}: ${reason}`);
}

/** 404 for a missing entity. */
export function notFound(what: string): RestError {
  return new RestError(404, 'NotFound', `${what} was not found.`);
}

export const INVALID_SESSION = new RestError(401, 'InvalidSessionToken', 'Session token provided is invalid.');

/** The raw .NET SqlException KashFlow leaks on database timeouts (reference §3.1). */
export const TIMEOUT_ERROR_CODE = '-2146232060';
export const TIMEOUT_MESSAGE = 'Execution Timeout Expired.  The timeout period elapsed prior to completion of the operation or the server is not responding.';
