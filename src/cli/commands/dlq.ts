import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { actorOf, actorOption, parseIds, printResult, storeOptions, withJsonErrors, type StoreCliOptions } from '../../config/cli-options.js';
import { openConfiguredStore, resolveConfig } from '../../config/store-target.js';
import { KfaxError } from '../../errors/kfax-error.js';
import { systemClock } from '../../engine/clock.js';
import { DeadLetterQueue } from '../../engine/dead-letters.js';
import { parseAssignment } from '../../engine/json-edit.js';
import { MessageTypeRegistry } from '../../engine/message-types.js';
import { parseXrefKey } from '../../store/keys.js';
import type { BulkActionResult, MessageSummary, XrefWrite } from '../../store/types.js';
import { parseIntOption } from '../options.js';

/** Where `kfax dlq` finds message types to validate edits with (the flows register them). */
export interface DlqCommandOptions {
  readonly registry?: () => MessageTypeRegistry | Promise<MessageTypeRegistry>;
}

type Opts = StoreCliOptions & { actor?: string; note?: string };

async function withQueue<T extends Opts>(opts: T, options: DlqCommandOptions, fn: (dlq: DeadLetterQueue) => Promise<void>): Promise<void> {
  await withJsonErrors(opts, async () => {
    const config = resolveConfig(opts);
    const registry = (await options.registry?.()) ?? new MessageTypeRegistry();
    const store = await openConfiguredStore(config);
    try {
      await fn(new DeadLetterQueue(store, registry, systemClock, config.engine.maxPayloadBytes));
    } finally {
      await store.close();
    }
  });
}

function summaryLine(m: MessageSummary): string {
  const error = m.lastError ? `${m.lastError.code}: ${m.lastError.message}` : '';
  const extra = m.holdKey ? ` hold=${m.holdKey}` : m.parkedOn ? ` waits=${m.parkedOn}` : '';
  return `${String(m.id).padStart(8)}  ${m.type}  → ${m.endpoint}  attempts ${m.attempts}  ${new Date(m.updatedAt).toISOString()}${extra}${m.discardedAt ? ' [discarded]' : ''}\n          ${error.length > 160 ? `${error.slice(0, 157)}...` : error}`;
}

function bulkLines(verb: string, r: BulkActionResult): string[] {
  return [
    `${verb} ${r.changed.length} message(s)${r.changed.length > 0 ? `: ${r.changed.join(', ')}` : ''}`,
    ...r.skipped.map((s) => `  skipped ${s.id}: ${s.state === null ? 'no such message' : `it is ${s.state}`}`),
  ];
}

function reportBulk(opts: Opts, verb: string, r: BulkActionResult): void {
  printResult(opts, r, () => bulkLines(verb, r));
  if (r.skipped.length > 0) process.exitCode = 1;
}

function parseXref(arg: string): XrefWrite {
  const m = /^(.+)=(.+)$/.exec(arg);
  const key = m ? parseXrefKey(m[1]!) : null;
  if (!m || !key) throw new KfaxError('KFAX_CLI_USAGE', [`--xref: expected system/entity/sourceId=targetId, got "${arg}"`]);
  return { ...key, targetId: m[2]! };
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `kfax dlq`: list, show, retry, edit, discard dead letters; release held and resolve in-doubt messages. */
export function registerDlqCommand(program: Command, options: DlqCommandOptions = {}): void {
  const dlq = program.command('dlq').description('Inspect and fix failed messages: dead letters, held and in-doubt messages');

  storeOptions(dlq.command('list').description('List dead letters (or held, in-doubt, parked messages)'))
    .addOption(new Option('--state <state>', 'which queue').choices(['dead', 'held', 'in_doubt', 'parked']).default('dead'))
    .option('--type <type>', 'only this message type')
    .option('--endpoint <name>', 'only this endpoint')
    .option('--hold-key <key>', 'only held messages with this hold key')
    .option('--all', 'include discarded dead letters')
    .option('--after <id>', 'page: only ids after this one')
    .option('--limit <n>', 'at most this many', '100')
    .action(async (opts: Opts & { state: 'dead' | 'held' | 'in_doubt' | 'parked'; type?: string; endpoint?: string; holdKey?: string; all?: boolean; after?: string; limit: string }) => {
      await withQueue(opts, options, async (q) => {
        const list = await q.list({
          state: opts.state,
          limit: parseIntOption('--limit', opts.limit, 1, 10_000),
          ...(opts.type ? { type: opts.type } : {}),
          ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
          ...(opts.holdKey ? { holdKey: opts.holdKey } : {}),
          ...(opts.all ? { includeDiscarded: true } : {}),
          ...(opts.after ? { afterId: parseIds([opts.after], '--after')[0]! } : {}),
        });
        printResult(opts, list, () => (list.length === 0 ? [`no ${opts.state} messages`] : list.map(summaryLine)));
      });
    });

  storeOptions(dlq.command('show').description('Show one message: reason, payloads, attempt history and audit trail').argument('<id>')).action(async (id: string, opts: Opts) => {
    await withQueue(opts, options, async (q) => {
      const d = await q.show(parseIds([id])[0]!);
      const m = d.message;
      printResult(opts, { ...d, message: { ...m, payload: undefined, originalPayload: undefined } }, () => [
        `message ${m.id}  ${m.type} → ${m.endpoint}  state ${m.state}${m.discardedAt ? ` (discarded: ${m.discardReason})` : ''}`,
        `  idempotency key ${m.idempotencyKey}${m.aggregateKey ? `  aggregate ${m.aggregateKey}` : ''}  attempts ${m.attempts}`,
        ...(m.lastError ? [`  reason  ${m.lastError.code} (${m.lastError.kind}): ${m.lastError.message}`] : []),
        ...(typeof m.lastError?.details?.hint === 'string' ? [`  hint    ${m.lastError.details.hint}`] : []),
        ...(m.holdKey ? [`  hold key ${m.holdKey}`] : []),
        ...(m.parkedOn ? [`  waits for ${m.parkedOn}`] : []),
        `  payload ${d.payloadError ? `(unreadable: ${d.payloadError}) ${m.payload}` : JSON.stringify(d.payload)}`,
        ...(m.originalPayload !== null ? [`  original payload ${JSON.stringify(d.originalPayload)}`] : []),
        '  history',
        ...m.history.map((h) => `    ${new Date(h.at).toISOString()}  ${h.from ?? '(new)'} → ${h.to}  attempt ${h.attempt}${h.by ? `  by ${h.by}` : ''}${h.error ? `  ${h.error.code}: ${h.error.message}` : ''}${h.note ? `  (${h.note})` : ''}`),
        ...(d.audit.length > 0 ? ['  audit', ...d.audit.map((a) => `    ${new Date(a.at).toISOString()}  ${a.actor}  ${a.action}  ${JSON.stringify(a.details)}`)] : []),
      ]);
    });
  });

  actorOption(storeOptions(dlq.command('retry').description('Send dead letters back for delivery (same idempotency key, fresh retry budget)').argument('[ids...]')))
    .option('--all-dead', 'retry every open dead letter (with --type: of that type)')
    .option('--type <type>', 'with --all-dead: only this message type')
    .option('--note <text>', 'note for the audit log')
    .action(async (ids: string[], opts: Opts & { allDead?: boolean; type?: string }) => {
      await withQueue(opts, options, async (q) => {
        if ((ids.length === 0) === !opts.allDead) throw new KfaxError('KFAX_CLI_USAGE', ['give message ids or --all-dead (not both)']);
        const actor = actorOf(opts);
        const r = opts.allDead ? await q.retryAll(actor, opts.type ? { type: opts.type } : {}, opts.note) : await q.retry(parseIds(ids), actor, opts.note);
        reportBulk(opts, 'retried', r);
      });
    });

  actorOption(storeOptions(dlq.command('edit').description('Edit a dead (or held) message, validate it, and retry it with the same idempotency key').argument('<id>')))
    .option('--set <path=value>', 'set a string (path=value) or a JSON value (path:=json); repeatable', collect, [])
    .option('--file <patch.json>', 'apply a JSON merge patch (RFC 7386) from a file')
    .option('--skip-validation', 'edit a message type this build has no validator for')
    .option('--note <text>', 'note for the audit log')
    .action(async (id: string, opts: Opts & { set: string[]; file?: string; skipValidation?: boolean }) => {
      await withQueue(opts, options, async (q) => {
        if (opts.set.length === 0 && opts.file === undefined) throw new KfaxError('KFAX_CLI_USAGE', ['give at least one --set or a --file']);
        const set = opts.set.map(parseAssignment);
        let patch: unknown;
        if (opts.file !== undefined) {
          let text: string;
          try {
            text = readFileSync(opts.file, 'utf8');
          } catch (err) {
            throw new KfaxError('KFAX_CLI_USAGE', [`--file: cannot read ${opts.file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
          }
          try {
            patch = JSON.parse(text);
          } catch (err) {
            throw new KfaxError('KFAX_JSON_MALFORMED', [`${opts.file}: ${(err as Error).message}`]);
          }
        }
        const r = await q.edit(parseIds([id])[0]!, { set, ...(patch === undefined ? {} : { patch }), ...(opts.skipValidation ? { skipValidation: true } : {}) }, actorOf(opts), opts.note);
        printResult(opts, r, () => [`edited message ${r.id} and queued it for delivery${r.validated ? '' : ' (not validated)'}:`, ...r.diff.map((d) => `  ${d.path}: ${JSON.stringify(d.from)} → ${JSON.stringify(d.to)}`)]);
      });
    });

  actorOption(storeOptions(dlq.command('discard').description('Discard dead letters with a reason (kept on record, never delivered)').argument('<ids...>')))
    .requiredOption('--reason <text>', 'why (recorded in the audit log)')
    .action(async (ids: string[], opts: Opts & { reason: string }) => {
      await withQueue(opts, options, async (q) => reportBulk(opts, 'discarded', await q.discard(parseIds(ids), actorOf(opts), opts.reason)));
    });

  actorOption(storeOptions(dlq.command('release').description('Release held messages by id or hold key (e.g. the AX period reopened)').argument('[ids...]')))
    .option('--hold-key <key>', 'release every message held under this key')
    .option('--note <text>', 'note for the audit log')
    .action(async (ids: string[], opts: Opts & { holdKey?: string }) => {
      await withQueue(opts, options, async (q) => {
        if (ids.length === 0 && opts.holdKey === undefined) throw new KfaxError('KFAX_CLI_USAGE', ['give message ids or --hold-key']);
        reportBulk(opts, 'released', await q.release({ ids: parseIds(ids), ...(opts.holdKey === undefined ? {} : { holdKey: opts.holdKey }) }, actorOf(opts), opts.note));
      });
    });

  actorOption(storeOptions(dlq.command('resolve').description('Resolve an in-doubt message: it was applied (--delivered) or re-send it now (--resend)').argument('<id>')))
    .option('--delivered', 'the target has the document: mark delivered')
    .option('--resend', 're-send now with the same idempotency key')
    .option('--xref <system/entity/sourceId=targetId>', 'with --delivered: record this cross-reference; repeatable', collect, [])
    .option('--note <text>', 'note for the audit log')
    .action(async (id: string, opts: Opts & { delivered?: boolean; resend?: boolean; xref: string[] }) => {
      await withQueue(opts, options, async (q) => {
        if (!opts.delivered === !opts.resend) throw new KfaxError('KFAX_CLI_USAGE', ['give exactly one of --delivered or --resend']);
        if (opts.resend && opts.xref.length > 0) throw new KfaxError('KFAX_CLI_USAGE', ['--xref goes with --delivered']);
        const xrefs = opts.xref.map(parseXref);
        reportBulk(opts, 'resolved', await q.resolve(parseIds([id])[0]!, { outcome: opts.delivered ? 'delivered' : 'resend', xrefs }, actorOf(opts), opts.note));
      });
    });
}
