import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { registerDlqCommand } from '../../src/cli/commands/dlq.js';
import { main } from '../../src/cli/main.js';
import { isKfaxError } from '../../src/errors/kfax-error.js';
import { KfaxError } from '../../src/errors/kfax-error.js';
import { heldFor } from '../../src/engine/handler.js';
import type { MessageTypeRegistry } from '../../src/engine/message-types.js';
import { createTarget, describeEachBackend, type BackendContext } from '../store/backends.js';
import { registry, testEngine, waitForState } from './helpers.js';
import { captureCli, type CliRun } from '../helpers/capture-cli.js';


const capture = captureCli;

/** `kfax …` through the real entry point (no message types registered). */
const kfax = (...args: string[]): Promise<CliRun> => capture(() => main(['node', 'kfax', ...args]));

/** `kfax dlq …` with message types registered, as the app will wire it. */
function kfaxWith(types: MessageTypeRegistry, ...args: string[]): Promise<CliRun> {
  return capture(async () => {
    const program = new Command('kfax').exitOverride();
    registerDlqCommand(program, { registry: () => types });
    try {
      await program.parseAsync(['node', 'kfax', ...args]);
      return typeof process.exitCode === 'number' ? process.exitCode : 0;
    } catch (err) {
      if (err instanceof CommanderError) return 2;
      if (isKfaxError(err)) process.stderr.write(`kfax: ${err.code}: ${err.message}\n`);
      return isKfaxError(err) && err.status < 500 ? 2 : 1;
    }
  });
}

function configFile(ctx: BackendContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'kfax-cli-'));
  const file = join(dir, 'kfax.yaml');
  writeFileSync(file, `store:\n  url: ${JSON.stringify(ctx.target.url)}\n${ctx.target.schema ? `  postgres:\n    schema: ${ctx.target.schema}\n` : ''}`);
  return file;
}

const schema = z.object({ amount: z.string().regex(/^\d+\.\d{2}$/), account: z.string() });
function invoiceTypes(): MessageTypeRegistry {
  return registry().define({
    type: 'invoice.post',
    endpoint: 'ax',
    schema,
    handle: (d) => {
      const p = d.payload as z.infer<typeof schema>;
      if (p.account === '9999') throw new KfaxError('KFAX_REMOTE_REJECTED', ['ax', 'main account 9999 does not exist'], { details: { hint: 'map nominal 4000' } });
      if (p.account === 'closed') throw heldFor('period closed', 'ax/period/kfuk/2026-11');
      if (p.account === 'timeout') throw new KfaxError('KFAX_REMOTE_TIMEOUT', ['ax', 30000]);
    },
  });
}

async function seed(ctx: BackendContext, payloads: { amount: string; account: string }[]): Promise<number[]> {
  const engine = testEngine(ctx.store, invoiceTypes(), { endpoints: { ax: { retry: { inDoubtMaxAttempts: 1 } } } });
  const ids = (await engine.enqueueMany(payloads.map((p, i) => ({ type: 'invoice.post', payload: p, key: String(i) })))).map((r) => r.id!);
  await engine.start();
  const want = (p: { account: string }) => (p.account === '9999' ? 'dead' : p.account === 'closed' ? 'held' : p.account === 'timeout' ? 'in_doubt' : 'delivered');
  try {
    for (let i = 0; i < ids.length; i++) await waitForState(ctx.store, ids[i]!, want(payloads[i]!));
  } finally {
    await engine.stop();
  }
  return ids;
}

describeEachBackend('cli: kfax migrate and kfax dlq', (ctx) => {
  it('kfax migrate applies the schema once and reports status', async () => {
    const c = ctx();
    const fresh = await createTarget(c.target.backend);
    try {
      const freshCfg = configFile({ target: fresh, store: c.store });
      const pending = await kfax('migrate', '--config', freshCfg, '--status', '--json');
      expect(pending.json).toMatchObject({ applied: [], pending: [{ id: 1, name: 'initial' }] });
      const first = await kfax('migrate', '--config', freshCfg, '--json');
      expect(first.code).toBe(0);
      expect(first.json).toMatchObject({ applied: [{ id: 1, name: 'initial' }], alreadyApplied: 0 });
    } finally {
      await fresh.dispose();
    }
    const cfg = configFile(c);
    const run = await kfax('migrate', '--config', cfg, '--json');
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ applied: [], alreadyApplied: 1, latest: 1 });
    const status = await kfax('migrate', '--config', cfg, '--status');
    expect(status.stdout).toMatch(/applied\s+001 initial/);
  });

  it('lists and shows dead letters with their reason, payload and history', async () => {
    const c = ctx();
    const cfg = configFile(c);
    const [dead] = await seed(c, [{ amount: '10.00', account: '9999' }]);
    const list = await kfax('dlq', 'list', '--config', cfg, '--json');
    expect(list.code).toBe(0);
    expect(list.json).toEqual([expect.objectContaining({ id: dead, state: 'dead', type: 'invoice.post', lastError: expect.objectContaining({ code: 'KFAX_REMOTE_REJECTED' }) })]);
    const human = await kfax('dlq', 'list', '--config', cfg);
    expect(human.stdout).toContain('KFAX_REMOTE_REJECTED: ax rejected the request: main account 9999 does not exist');
    const show = await kfax('dlq', 'show', String(dead), '--config', cfg, '--json');
    expect(show.json).toMatchObject({ payload: { amount: '10.00', account: '9999' }, message: { id: dead, history: [{ to: 'pending' }, { to: 'in_flight' }, { to: 'dead' }] } });
    const showHuman = await kfax('dlq', 'show', String(dead), '--config', cfg);
    expect(showHuman.stdout).toContain('hint    map nominal 4000');
  });

  it('edits with --set and --file, validated by the message type, and audits who did it', async () => {
    const c = ctx();
    const cfg = configFile(c);
    const [dead] = await seed(c, [{ amount: '10.00', account: '9999' }]);
    const types = invoiceTypes();
    const invalid = await kfaxWith(types, 'dlq', 'edit', String(dead), '--set', 'amount=10', '--config', cfg, '--json');
    expect(invalid.code).toBe(2);
    expect(invalid.json).toEqual({ error: { code: 'KFAX_PAYLOAD_INVALID', message: expect.stringContaining('invalid at amount') } });
    expect((await c.store.getMessage(dead!))!.payload).toBe('{"amount":"10.00","account":"9999"}');
    const dir = mkdtempSync(join(tmpdir(), 'kfax-patch-'));
    writeFileSync(join(dir, 'patch.json'), '{"account":"4000"}');
    const ok = await kfaxWith(types, 'dlq', 'edit', String(dead), '--file', join(dir, 'patch.json'), '--set', 'amount=12.00', '--actor', 'alice', '--note', 'fixed mapping', '--config', cfg, '--json');
    expect(ok.code).toBe(0);
    expect(ok.json).toEqual({ id: dead, validated: true, diff: [{ path: 'account', from: '9999', to: '4000' }, { path: 'amount', from: '10.00', to: '12.00' }] });
    const m = await c.store.getMessage(dead!);
    expect(m).toMatchObject({ state: 'pending', payload: '{"amount":"12.00","account":"4000"}' });
    expect((await c.store.listAudit({ messageId: dead!, limit: 1 }))[0]).toMatchObject({ actor: 'alice', action: 'message.edit', details: { note: 'fixed mapping' } });
    writeFileSync(join(dir, 'bad.json'), '{"account": ');
    const malformed = await kfaxWith(types, 'dlq', 'edit', String(dead), '--file', join(dir, 'bad.json'), '--config', cfg);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('KFAX_JSON_MALFORMED');
  });

  it('refuses an edit it cannot validate unless --skip-validation, and defaults the actor to the OS user', async () => {
    const c = ctx();
    const cfg = configFile(c);
    const [dead] = await seed(c, [{ amount: '10.00', account: '9999' }]);
    const refused = await kfax('dlq', 'edit', String(dead), '--set', 'account=4000', '--config', cfg);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('KFAX_MESSAGE_TYPE_UNKNOWN');
    const forced = await kfax('dlq', 'edit', String(dead), '--set', 'account=4000', '--skip-validation', '--config', cfg, '--json');
    expect(forced.json).toMatchObject({ validated: false });
    expect((await c.store.listAudit({ messageId: dead!, limit: 1 }))[0]!.actor).toBe(userInfo().username);
  });

  it('retries, discards, releases held and resolves in-doubt messages', async () => {
    const c = ctx();
    const cfg = configFile(c);
    const [d1, d2, held, doubt] = await seed(c, [
      { amount: '1.00', account: '9999' },
      { amount: '2.00', account: '9999' },
      { amount: '3.00', account: 'closed' },
      { amount: '4.00', account: 'timeout' },
    ]);
    const discard = await kfax('dlq', 'discard', String(d1), '--reason', 'test data', '--config', cfg, '--json');
    expect(discard.json).toEqual({ changed: [d1], skipped: [] });
    expect((await kfax('dlq', 'discard', String(d1), '--config', cfg)).code).toBe(2); // --reason is required
    const retry = await kfax('dlq', 'retry', String(d1), String(d2), '--config', cfg, '--json');
    expect(retry.json).toEqual({ changed: [d2], skipped: [{ id: d1, state: 'dead' }] });
    expect(retry.code).toBe(1); // something was skipped
    const heldList = await kfax('dlq', 'list', '--state', 'held', '--config', cfg, '--json');
    expect((heldList.json as { id: number; holdKey: string }[]).map((m) => [m.id, m.holdKey])).toEqual([[held, 'ax/period/kfuk/2026-11']]);
    const release = await kfax('dlq', 'release', '--hold-key', 'ax/period/kfuk/2026-11', '--config', cfg, '--json');
    expect(release.json).toEqual({ changed: [held], skipped: [] });
    const resolve = await kfax('dlq', 'resolve', String(doubt), '--delivered', '--xref', 'kashflow/invoice/101=FTI-000101', '--config', cfg, '--json');
    expect(resolve.json).toEqual({ changed: [doubt], skipped: [] });
    expect(await c.store.getXref('kashflow', 'invoice', '101')).toMatchObject({ targetId: 'FTI-000101' });
    expect((await c.store.getMessage(doubt!))!.state).toBe('delivered');
  });

  it('rejects bad arguments with exit code 2 and a message naming the argument', async () => {
    const c = ctx();
    const cfg = configFile(c);
    const bad = await kfax('dlq', 'show', 'abc', '--config', cfg, '--json');
    expect(bad.code).toBe(2);
    expect(bad.json).toEqual({ error: { code: 'KFAX_CLI_USAGE', message: 'id: expected a positive whole number, got "abc"' } });
    const missing = await kfax('dlq', 'show', '999999', '--config', cfg);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('KFAX_MESSAGE_NOT_FOUND: message 999999 not found');
    expect((await kfax('dlq', 'retry', '--config', cfg)).stderr).toContain('give message ids or --all-dead');
    expect((await kfax('dlq', 'resolve', '1', '--config', cfg)).stderr).toContain('exactly one of --delivered or --resend');
    expect((await kfax('dlq', 'edit', '1', '--set', 'a..b=1', '--config', cfg)).stderr).toContain('malformed path');
    expect((await kfax('dlq', 'list', '--state', 'gone', '--config', cfg)).code).toBe(2);
  });
});
