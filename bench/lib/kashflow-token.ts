import type { RunningSandbox } from '../../src/sandbox/sandbox.js';

/** A KashFlow REST session token from the sandbox, by the two-step session flow (user and password, then the memorable-word characters it asks for). */
export async function kashflowToken(sandbox: RunningSandbox): Promise<string> {
  const kf = sandbox.endpoints.kashflow;
  const step1 = (await (await fetch(`${kf.restUrl}/sessiontoken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ UserName: kf.username, Password: kf.password }) })).json()) as { TemporaryToken: string; MemorableWordList: { Position: number }[] };
  const answers = step1.MemorableWordList.map((p) => ({ Position: p.Position, Value: kf.memorableWord.charAt(p.Position - 1) }));
  const step2 = (await (await fetch(`${kf.restUrl}/sessiontoken`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ TemporaryToken: step1.TemporaryToken, MemorableWordList: answers }) })).json()) as { SessionToken: string };
  return step2.SessionToken;
}
