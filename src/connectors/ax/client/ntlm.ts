import httpntlm from 'httpntlm';

/** Windows credentials for an AIF port behind IIS. */
export interface WindowsCredentials {
  domain: string;
  username: string;
  password: string;
  workstation?: string;
}

/**
 * NTLM message construction, delegated to the maintained `httpntlm` implementation
 * (NTLMv2 when the server offers extended session security and target info, as IIS does).
 */
export const ntlmMessages = {
  /** The `Authorization` header value of the Type 1 (negotiate) message. */
  negotiate(creds: WindowsCredentials): string {
    return httpntlm.ntlm.createType1Message({ username: creds.username, password: creds.password, domain: creds.domain, workstation: creds.workstation ?? '' });
  },

  /**
   * The `Authorization` header value of the Type 3 (authenticate) message answering the
   * server's `WWW-Authenticate: NTLM <type 2>` challenge. Throws when the challenge is absent.
   */
  authenticate(challengeHeaders: readonly string[], creds: WindowsCredentials): string {
    const challenge = challengeHeaders.find((h) => /^NTLM\s+\S+/i.test(h.trim()));
    if (!challenge) throw new Error('the server did not send an NTLM challenge');
    let parseError: Error | undefined;
    const type2 = httpntlm.ntlm.parseType2Message(challenge.trim().replace(/^ntlm/i, 'NTLM'), (err) => {
      parseError = err;
    });
    if (!type2) throw parseError ?? new Error('unreadable NTLM challenge');
    return httpntlm.ntlm.createType3Message(type2, { username: creds.username, password: creds.password, domain: creds.domain, workstation: creds.workstation ?? '' });
  },
};
