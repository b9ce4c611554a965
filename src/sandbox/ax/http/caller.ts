import type { AxUserSeed } from '../../seed/types.js';
import type { AxIdentity } from '../auth/iis-auth.js';
import type { AxSettings } from '../settings.js';
import { AifError } from '../soap/aif-error.js';
import type { CallContext } from '../soap/call-context.js';
import { normaliseMessageId, type AosState } from '../state/aos.js';
import type { CompanyState } from '../state/company.js';

/** Who a call runs as, where, and with which MessageId. */
export interface Caller {
  /** The acting user (`LogonAsUser` when the caller is a trusted intermediary). */
  readonly user: AxUserSeed;
  readonly account: string;
  readonly company: CompanyState;
  readonly language: string;
  /** Normalised MessageId (lower case, no braces), if the caller sent one. */
  readonly messageId: string | undefined;
  readonly rawMessageId: string | undefined;
}

/** AX 2012 R2's default data partition. */
const DEFAULT_PARTITION = 'initial';

function headerFault(message: string, field: string): AifError {
  return new AifError({ code: 'InvalidMessageHeader', message, field, xpath: `/Envelope/Header/CallContext/${field}` });
}

/**
 * Applies the CallContext (reference §1.2): absent/empty/nil children fall back to the user's
 * default company and language; `Company` is case-insensitive and must exist; `LogonAsUser`
 * is honoured only for trusted intermediaries; `MessageId` must be a GUID.
 */
export function resolveCaller(identity: AxIdentity, cc: CallContext, aos: AosState, settings: AxSettings, users: readonly AxUserSeed[]): Caller {
  let user = identity.user;
  let account = identity.account;
  if (cc.logonAsUser !== undefined && cc.logonAsUser.toLowerCase() !== account.toLowerCase()) {
    const trusted = settings.trustedIntermediaries.some((t) => t.toLowerCase() === account.toLowerCase());
    if (!trusted) throw new AifError({ code: 'NotAuthorized', message: `User ${account} is not a trusted intermediary and cannot act as ${cc.logonAsUser} (LogonAsUser).`, field: 'LogonAsUser', xpath: '/Envelope/Header/CallContext/LogonAsUser' });
    const [domain, name] = cc.logonAsUser.includes('\\') ? (cc.logonAsUser.split('\\') as [string, string]) : ['', cc.logonAsUser];
    const other = users.find((u) => u.username.toLowerCase() === name.toLowerCase() && (domain === '' || u.domain.toLowerCase() === domain.toLowerCase()));
    if (!other) throw headerFault(`User ${cc.logonAsUser} is not an AX user (LogonAsUser).`, 'LogonAsUser');
    user = other;
    account = `${other.domain}\\${other.username}`;
  }
  if (cc.partitionKey !== undefined && cc.partitionKey.toLowerCase() !== DEFAULT_PARTITION) throw headerFault(`Partition ${cc.partitionKey} does not exist (PartitionKey).`, 'PartitionKey');
  const companyId = cc.company ?? user.defaultCompany;
  const company = aos.company(companyId);
  if (!company) throw headerFault(`Company ${companyId} does not exist (CallContext Company).`, 'Company');
  let messageId: string | undefined;
  if (cc.messageId !== undefined) {
    messageId = normaliseMessageId(cc.messageId);
    if (messageId === undefined) throw headerFault(`The MessageId ${cc.messageId} is not a valid GUID.`, 'MessageId');
  }
  return { user, account, company, language: cc.language ?? user.language, messageId, rawMessageId: cc.messageId };
}
