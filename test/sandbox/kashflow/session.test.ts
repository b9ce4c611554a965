import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { KfClient } from './helpers.js';

const sb = useSandbox();
const kf = new KfClient(sb);
const MINUTE = 60_000;

async function advance(ms: number): Promise<void> {
  expect((await kf.ctl('PUT', '/clock', { advanceMs: ms })).status).toBe(200);
}

describe('two-step session login', () => {
  it('step 1 returns a GUID temporary token and three distinct 1-based positions with empty values', async () => {
    const r = await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password });
    expect(r.status).toBe(200);
    const body = r.json();
    expect(Object.keys(body).sort()).toEqual(['HasTemporaryPassword', 'IsAdmin', 'MemorableWordList', 'PackageName', 'PartnerBrandingOptOut', 'PartnerId', 'SubscriptionExpired', 'TemporaryToken']);
    expect(body.TemporaryToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(body.MemorableWordList).toHaveLength(3);
    const positions = body.MemorableWordList.map((m: { Position: number }) => m.Position);
    expect(new Set(positions).size).toBe(3);
    for (const m of body.MemorableWordList) {
      expect(m.Value).toBe('');
      expect(m.Position).toBeGreaterThanOrEqual(1);
      expect(m.Position).toBeLessThanOrEqual(kf.creds.memorableWord.length);
    }
  });

  it('positions vary between logins', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) seen.add(JSON.stringify((await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).json().MemorableWordList));
    expect(seen.size).toBeGreaterThan(1);
  });

  it('step 2 with the right characters (any case) gives a session token that opens /v2', async () => {
    const t = (await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).json();
    const upper = kf.answers(t.MemorableWordList).map((a) => ({ ...a, Value: a.Value.toUpperCase() }));
    const r = await kf.send('PUT', '/sessiontoken', { TemporaryToken: t.TemporaryToken, MemorableWordList: upper }, { auth: false });
    expect(r.status).toBe(200);
    const s = r.json();
    expect(Object.keys(s).sort()).toEqual(['CompanyName', 'HasTemporaryPassword', 'IsAdmin', 'PackageName', 'PartnerBrandingOptOut', 'PartnerId', 'SessionToken', 'StartPageUrl', 'SubscriptionExpired', 'SubscriptionExpiryDate']);
    expect(s.SessionToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.CompanyName).toBe(sb().context.world.kashflow.companyName);
    expect((await kf.send('GET', '/currencies', undefined, { token: s.SessionToken })).status).toBe(200);
  });

  it('property names match case-insensitively (username/password, temporarytoken/memorablewordlist)', async () => {
    const r = await kf.step1({ username: kf.creds.username, PASSWORD: kf.creds.password });
    expect(r.status).toBe(200);
    const t = r.json();
    const r2 = await kf.send('PUT', '/sessiontoken', { temporarytoken: t.TemporaryToken, memorablewordlist: kf.answers(t.MemorableWordList).map((a) => ({ position: a.Position, value: a.Value })) }, { auth: false });
    expect(r2.status).toBe(200);
  });

  it('wrong password or unknown user at step 1 is 400 InvalidCredentials', async () => {
    for (const body of [{ UserName: kf.creds.username, Password: 'nope' }, { UserName: 'someone-else', Password: kf.creds.password }]) {
      const r = await kf.step1(body);
      expect(r.status).toBe(400);
      expect(r.json().Error).toBe('InvalidCredentials');
      expect(r.json().Message).toMatch(/username or password/i);
    }
    await kf.ctl('POST', '/kashflow/unlock');
  });

  it('wrong characters at step 2 are refused and the temporary token is used up', async () => {
    const t = (await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).json();
    const wrong = kf.answers(t.MemorableWordList).map((a) => ({ ...a, Value: a.Value === 'z' ? 'y' : 'z' }));
    const r = await kf.send('PUT', '/sessiontoken', { TemporaryToken: t.TemporaryToken, MemorableWordList: wrong }, { auth: false });
    expect(r.status).toBe(400);
    expect(r.json().Error).toBe('InvalidCredentials');
    const retry = await kf.send('PUT', '/sessiontoken', { TemporaryToken: t.TemporaryToken, MemorableWordList: kf.answers(t.MemorableWordList) }, { auth: false });
    expect(retry.status).toBe(400);
    expect(retry.json().Error).toBe('InvalidTemporaryToken');
    await kf.ctl('POST', '/kashflow/unlock');
  });

  it('answers for the wrong positions or too few answers are refused', async () => {
    const t = (await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).json();
    const r = await kf.send('PUT', '/sessiontoken', { TemporaryToken: t.TemporaryToken, MemorableWordList: kf.answers(t.MemorableWordList).slice(0, 2) }, { auth: false });
    expect(r.status).toBe(400);
    expect(r.json().Error).toBe('InvalidCredentials');
    await kf.ctl('POST', '/kashflow/unlock');
  });

  it('a temporary token is single-use', async () => {
    const t = (await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).json();
    const body = { TemporaryToken: t.TemporaryToken, MemorableWordList: kf.answers(t.MemorableWordList) };
    expect((await kf.send('PUT', '/sessiontoken', body, { auth: false })).status).toBe(200);
    const again = await kf.send('PUT', '/sessiontoken', body, { auth: false });
    expect(again.status).toBe(400);
    expect(again.json().Error).toBe('InvalidTemporaryToken');
  });

  it('a temporary token expires after the configured minutes (default 5)', async () => {
    const t = (await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).json();
    await advance(5 * MINUTE + 1000);
    const r = await kf.send('PUT', '/sessiontoken', { TemporaryToken: t.TemporaryToken, MemorableWordList: kf.answers(t.MemorableWordList) }, { auth: false });
    expect(r.status).toBe(400);
    expect(r.json().Error).toBe('InvalidTemporaryToken');
    const t2 = (await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).json();
    await advance(4 * MINUTE);
    expect((await kf.send('PUT', '/sessiontoken', { TemporaryToken: t2.TemporaryToken, MemorableWordList: kf.answers(t2.MemorableWordList) }, { auth: false })).status).toBe(200);
  });

  it('a missing/malformed body at step 2 names the field', async () => {
    const r = await kf.send('PUT', '/sessiontoken', { MemorableWordList: [] }, { auth: false });
    expect(r.status).toBe(400);
    expect(r.json().Message).toMatch(/^TemporaryToken: is required/);
    const r2 = await kf.send('PUT', '/sessiontoken', { TemporaryToken: 'x', MemorableWordList: [{ Position: 'two', Value: 'a' }] }, { auth: false });
    expect(r2.status).toBe(400);
    expect(r2.json().Message).toMatch(/^MemorableWordList\[0\]\.Position: expected a whole number/);
  });
});

describe('using and ending a session', () => {
  const INVALID = { Error: 'InvalidSessionToken', Message: 'Session token provided is invalid.' };

  it('missing, malformed, unknown and wrong-scheme tokens get the same 401 body', async () => {
    const token = await kf.login();
    const cases: Record<string, string>[] = [{}, { authorization: 'KfToken' }, { authorization: 'KfToken 00000000-0000-0000-0000-000000000000' }, { authorization: `Bearer ${token}` }, { authorization: token }];
    for (const headers of cases) {
      const r = await fetch(`${kf.rest}/currencies`, { headers });
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual(INVALID);
    }
    expect((await fetch(`${kf.rest}/currencies`, { headers: { authorization: `kftoken ${token.toUpperCase()}` } })).status).toBe(200);
  });

  it('the idle timeout slides with each use and an expired token answers like an invalid one', async () => {
    const token = await kf.login();
    await advance(50 * MINUTE);
    expect((await kf.get('/currencies')).status).toBe(200);
    await advance(50 * MINUTE);
    expect((await kf.get('/currencies')).status).toBe(200);
    await advance(61 * MINUTE);
    const r = await kf.send('GET', '/currencies', undefined, { token });
    expect(r.status).toBe(401);
    expect(r.json()).toEqual(INVALID);
  });

  it('the idle timeout is a setting', async () => {
    expect((await kf.ctl('PUT', '/kashflow/settings', { sessionIdleMinutes: 2 })).status).toBe(200);
    await kf.login();
    await advance(90_000);
    expect((await kf.get('/currencies')).status).toBe(200);
    await advance(150_000);
    expect((await kf.get('/currencies')).status).toBe(401);
    await kf.ctl('PUT', '/kashflow/settings', { sessionIdleMinutes: 60 });
  });

  it('DELETE /v2/sessiontoken/{token} ends the session at once', async () => {
    const token = await kf.login();
    const before = (await kf.counts()).sessions;
    const r = await kf.send('DELETE', `/sessiontoken/${token}`, undefined, { auth: false });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect((await kf.get('/currencies')).status).toBe(401);
    expect((await kf.counts()).sessions).toBe((before ?? 0) - 1);
    expect((await kf.send('DELETE', `/sessiontoken/${token}`, undefined, { auth: false })).status).toBe(401);
  });
});

describe('account lock-out', () => {
  it('five failed logins lock the account, even the right password is then refused, until unlocked', async () => {
    const bad = { UserName: kf.creds.username, Password: 'wrong' };
    for (let i = 0; i < 4; i++) expect((await kf.step1(bad)).json().Error).toBe('InvalidCredentials');
    const fifth = await kf.step1(bad);
    expect(fifth.status).toBe(401);
    expect(fifth.json().Error).toBe('AccountLocked');
    const right = await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password });
    expect(right.status).toBe(401);
    expect(right.json().Error).toBe('AccountLocked');
    expect(typeof right.json().Message).toBe('string');
    const lock = await kf.ctl('GET', '/kashflow/lock');
    expect(lock.body.locked).toBe(true);
    expect((await kf.ctl('POST', '/kashflow/unlock')).body.locked).toBe(false);
    expect((await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).status).toBe(200);
  });

  it('wrong memorable-word characters count towards the lock; a complete login resets the count', async () => {
    const attempt = async (): Promise<number> => {
      const t = (await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).json();
      const wrong = t.MemorableWordList.map((m: { Position: number }) => ({ Position: m.Position, Value: '#' }));
      return (await kf.send('PUT', '/sessiontoken', { TemporaryToken: t.TemporaryToken, MemorableWordList: wrong }, { auth: false })).status;
    };
    for (let i = 0; i < 4; i++) expect(await attempt()).toBe(400);
    await kf.login();
    expect((await kf.ctl('GET', '/kashflow/lock')).body.failedAttempts).toBe(0);
    for (let i = 0; i < 4; i++) expect(await attempt()).toBe(400);
    expect(await attempt()).toBe(401);
    expect((await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).json().Error).toBe('AccountLocked');
    await kf.ctl('POST', '/kashflow/unlock');
  });

  it('the lock clears by itself after lockoutMinutes; threshold and duration are settings', async () => {
    expect((await kf.ctl('PUT', '/kashflow/settings', { lockoutThreshold: 2, lockoutMinutes: 10 })).status).toBe(200);
    const bad = { UserName: kf.creds.username, Password: 'wrong' };
    expect((await kf.step1(bad)).status).toBe(400);
    expect((await kf.step1(bad)).json().Error).toBe('AccountLocked');
    await advance(9 * MINUTE);
    expect((await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).json().Error).toBe('AccountLocked');
    await advance(2 * MINUTE);
    expect((await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).status).toBe(200);
    await kf.ctl('PUT', '/kashflow/settings', { lockoutThreshold: 5, lockoutMinutes: 30 });
  });

  it('unknown user names do not lock the account', async () => {
    for (let i = 0; i < 7; i++) expect((await kf.step1({ UserName: 'intruder', Password: 'x' })).json().Error).toBe('InvalidCredentials');
    expect((await kf.step1({ UserName: kf.creds.username, Password: kf.creds.password })).status).toBe(200);
  });
});
