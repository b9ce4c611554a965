/**
 * One HTTP exchange whose answer is read whole as UTF-8 text, through undici's `dispatch` with a
 * handler that collects the body's chunks itself.
 *
 * Both connectors read every answer whole (JSON or SOAP text, bounded by `maxResponseBytes`), so
 * undici's `request()` wrapper buys them nothing: it wraps each answer in a Node stream, reads it
 * back through an async iterator and runs every callback in an `AsyncResource` scope. Collecting
 * the chunks in the handler does the same work with 5–15 % less client CPU per request
 * (`bench/connectors/request-text.ts`). Errors are undici's own (timeouts, resets, refused
 * connections), so the callers' `classifyNetworkError` sees exactly what it saw before.
 */
import type { Dispatcher } from 'undici';
import { KfaxError } from '../../errors/kfax-error.js';

/** A whole HTTP answer. */
export interface TextAnswer {
  readonly status: number;
  /** Lower-cased names; a repeated header as an array (undici's parsed headers). */
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** What {@link requestText} sends. */
export interface TextRequest {
  readonly method: string;
  /** Path and query, e.g. `/v2/invoices?page=1`. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string | null;
}

/**
 * Sends one request on `dispatcher` (a `Pool` or `Client`) and resolves with the whole answer,
 * any status. A body over `limit` bytes aborts the exchange (the connection is dropped, nothing
 * more is read) and rejects with `KFAX_REMOTE_REJECTED` naming `origin`.
 */
export function requestText(dispatcher: Dispatcher, request: TextRequest, limit: number, origin: string): Promise<TextAnswer> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch({ method: request.method as Dispatcher.HttpMethod, path: request.path, headers: request.headers, body: request.body }, new TextCollector(resolve, reject, limit, origin));
  });
}

/** The dispatch handler behind {@link requestText}. */
class TextCollector implements Dispatcher.DispatchHandler {
  private chunks: Buffer[] = [];
  private size = 0;
  private status = 0;
  private headers: TextAnswer['headers'] = {};
  private settled = false;

  constructor(
    private readonly resolve: (answer: TextAnswer) => void,
    private readonly reject: (err: unknown) => void,
    private readonly limit: number,
    private readonly origin: string,
  ) {}

  /** Present so undici treats this as a handler of its current interface (it checks for this method). */
  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[]>): void {
    // Called again after a 1xx informational answer: only the final one counts.
    this.status = statusCode;
    this.headers = headers;
    this.chunks = [];
    this.size = 0;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.size > this.limit) {
      const tooLarge = new KfaxError('KFAX_REMOTE_REJECTED', [this.origin, `response larger than ${this.limit} bytes`]);
      this.fail(tooLarge);
      controller.abort(tooLarge);
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settled = true;
    const chunks = this.chunks;
    this.chunks = [];
    // Most answers arrive in one chunk: decode it in place rather than copy it first.
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, this.size).toString('utf8');
    this.resolve({ status: this.status, headers: this.headers, text });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.chunks = [];
    this.reject(error);
  }
}
