// docs/ax-connector.md's fault classification table must give the code (and kinds) the AIF client
// really produces for each kind of fault (src/connectors/ax/client/aif-fault.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aifFaultToError, type AifFaultInfo } from '../../src/connectors/ax/client/aif-fault.js';

const DOC = readFileSync(new URL('../../docs/ax-connector.md', import.meta.url), 'utf8');

/** The rows of the "Fault classification" table: answer → code cell → kind cell. */
function faultRows(): { answer: string; code: string; kind: string }[] {
  const section = DOC.slice(DOC.indexOf('## Fault classification'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('|---')));
  return table
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Answer'))
    .map((l) => {
      const cells = l.split('|').slice(1, -1).map((c) => c.trim());
      return { answer: cells[0]!, code: cells[1]!, kind: cells[2]! };
    });
}

const fault = (over: Partial<AifFaultInfo>): AifFaultInfo => ({ faultCode: 's:Client', faultString: 'Request Failed. See the Exception Log for details.', messages: [], infolog: [], ...over });

describe('docs/ax-connector.md fault classification', () => {
  const rows = faultRows();
  const row = (answer: RegExp) => {
    const found = rows.find((r) => answer.test(r.answer));
    expect(found, `row ${answer}`).toBeDefined();
    return found!;
  };

  it('gives the code and kinds the client produces for a WCF InternalServiceFault', () => {
    const internal = fault({ faultCode: 'a:InternalServiceFault', faultString: 'The server was unable to process the request due to an internal error.' });
    const write = aifFaultToError(internal, 'CustomerService', 'create', true);
    const read = aifFaultToError(internal, 'CustomerService', 'find', false);
    const r = row(/InternalServiceFault/);
    expect(r.code).toBe(`\`${write.code}\``);
    expect(r.kind).toContain(write.kind); // in_doubt
    expect(r.kind).toContain(read.kind); // transient
  });

  it('gives the code the client produces for the AifFault rows', () => {
    expect(row(/Duplicate message/).code).toBe(`\`${aifFaultToError(fault({ infolog: [{ type: 'Error', message: 'Duplicate message. Message has already been processed.' }] }), 'S', 'create', true).code}\``);
    expect(row(/closed \/ on-hold period/).code).toBe(`\`${aifFaultToError(fault({ infolog: [{ type: 'Error', message: 'The ledger period 2024-01 is closed.' }] }), 'S', 'create', true).code}\``);
    expect(row(/Any other AifFault/).code).toMatch(new RegExp(`^\`${aifFaultToError(fault({ infolog: [{ type: 'Error', message: 'Account 9999 does not exist.' }] }), 'S', 'create', true).code}\``));
  });
});
