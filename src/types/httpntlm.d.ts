/** Minimal typings for the parts of `httpntlm` kfax uses (its NTLM message functions). */
declare module 'httpntlm' {
  export interface NtlmCredentials {
    username: string;
    password: string;
    domain?: string;
    workstation?: string;
  }
  export interface NtlmType2 {
    serverChallenge: Buffer;
    negotiateFlags: number;
    targetInfo?: Buffer;
  }
  export const ntlm: {
    createType1Message(options: NtlmCredentials): string;
    parseType2Message(header: string, onError: (err: Error) => void): NtlmType2 | null;
    createType3Message(type2: NtlmType2, options: NtlmCredentials): string;
  };
  const httpntlm: { ntlm: typeof ntlm };
  export default httpntlm;
}
