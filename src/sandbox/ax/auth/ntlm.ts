import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import md4 from 'js-md4';
import { desEncryptBlock, expandDesKey } from './des.js';

/**
 * Server side of NTLM over HTTP ([MS-NLMP]) as IIS does it: a Type 2 challenge with
 * NEGOTIATE_EXTENDED_SESSIONSECURITY and target info (so clients answer with NTLMv2), and
 * verification of the Type 3 response.
 */

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

export const NTLM_FLAGS = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  TARGET_TYPE_DOMAIN: 0x00010000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  N128: 0x20000000,
  N56: 0x80000000,
} as const;

/** The message type (1, 2, 3) of an NTLMSSP token, or undefined when it is not one. */
export function ntlmMessageType(token: Buffer): number | undefined {
  if (token.length < 12 || !token.subarray(0, 8).equals(SIGNATURE)) return undefined;
  return token.readUInt32LE(8);
}

/** Names the server announces in its challenge. */
export interface ServerNames {
  readonly netbiosDomain: string;
  readonly netbiosComputer: string;
  readonly dnsDomain: string;
  readonly dnsComputer: string;
}

/** Builds a Type 2 (challenge) message. */
export function buildChallenge(serverChallenge: Buffer, names: ServerNames, nowMs: number): Buffer {
  const target = Buffer.from(names.netbiosDomain, 'utf16le');
  const avPair = (id: number, value: Buffer): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(id, 0);
    head.writeUInt16LE(value.length, 2);
    return Buffer.concat([head, value]);
  };
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigUInt64LE((BigInt(nowMs) + 11644473600000n) * 10000n);
  const targetInfo = Buffer.concat([
    avPair(2, Buffer.from(names.netbiosDomain, 'utf16le')),
    avPair(1, Buffer.from(names.netbiosComputer, 'utf16le')),
    avPair(4, Buffer.from(names.dnsDomain, 'utf16le')),
    avPair(3, Buffer.from(names.dnsComputer, 'utf16le')),
    avPair(7, timestamp),
    avPair(0, Buffer.alloc(0)),
  ]);
  const flags =
    NTLM_FLAGS.UNICODE | NTLM_FLAGS.REQUEST_TARGET | NTLM_FLAGS.NTLM | NTLM_FLAGS.ALWAYS_SIGN | NTLM_FLAGS.TARGET_TYPE_DOMAIN | NTLM_FLAGS.EXTENDED_SESSIONSECURITY | NTLM_FLAGS.TARGET_INFO | NTLM_FLAGS.VERSION | NTLM_FLAGS.N128 | NTLM_FLAGS.N56;
  const header = Buffer.alloc(56);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(2, 8);
  header.writeUInt16LE(target.length, 12);
  header.writeUInt16LE(target.length, 14);
  header.writeUInt32LE(56, 16);
  header.writeUInt32LE(flags >>> 0, 20);
  serverChallenge.copy(header, 24);
  // 32..39 reserved (zero)
  header.writeUInt16LE(targetInfo.length, 40);
  header.writeUInt16LE(targetInfo.length, 42);
  header.writeUInt32LE(56 + target.length, 44);
  // Version: Windows Server 2012 R2 (6.3 build 9600), NTLM revision 15.
  header.writeUInt8(6, 48);
  header.writeUInt8(3, 49);
  header.writeUInt16LE(9600, 50);
  header.writeUInt8(15, 55);
  return Buffer.concat([header, target, targetInfo]);
}

/** The parts of a Type 3 (authenticate) message the server needs. */
export interface AuthenticateMessage {
  readonly lmResponse: Buffer;
  readonly ntResponse: Buffer;
  readonly domain: string;
  readonly user: string;
  readonly workstation: string;
  readonly flags: number;
}

/** Parses a Type 3 message; undefined when it is malformed. */
export function parseAuthenticate(token: Buffer): AuthenticateMessage | undefined {
  if (ntlmMessageType(token) !== 3 || token.length < 64) return undefined;
  const field = (offset: number): Buffer | undefined => {
    const len = token.readUInt16LE(offset);
    const at = token.readUInt32LE(offset + 4);
    if (at + len > token.length) return undefined;
    return token.subarray(at, at + len);
  };
  const flags = token.readUInt32LE(60);
  const lm = field(12);
  const nt = field(20);
  const domain = field(28);
  const user = field(36);
  const ws = field(44);
  if (!lm || !nt || !domain || !user || !ws) return undefined;
  const str = (b: Buffer): string => (flags & NTLM_FLAGS.UNICODE ? b.toString('utf16le') : b.toString('latin1'));
  return { lmResponse: lm, ntResponse: nt, domain: str(domain), user: str(user), workstation: str(ws), flags };
}

/** NT hash: MD4 of the UTF-16LE password. */
export function ntHash(password: string): Buffer {
  return Buffer.from(md4.arrayBuffer(Buffer.from(password, 'utf16le')));
}

/** NTOWFv2 = HMAC-MD5(NT hash, UTF-16LE(UPPER(user) + domain)). */
export function ntowfV2(password: string, user: string, domain: string): Buffer {
  return createHmac('md5', ntHash(password)).update(Buffer.from(user.toUpperCase() + domain, 'utf16le')).digest();
}

/** True when the NT response is an NTLMv2 response (longer than the 24 bytes of v1). */
export function isNtlmV2(msg: AuthenticateMessage): boolean {
  return msg.ntResponse.length > 24;
}

/**
 * Verifies an NTLMv2 response: NTProofStr = HMAC-MD5(NTOWFv2, serverChallenge ‖ blob) must
 * equal the first 16 bytes of the NT response. The domain is the one the client used.
 */
export function verifyNtlmV2(msg: AuthenticateMessage, serverChallenge: Buffer, password: string): boolean {
  if (!isNtlmV2(msg)) return false;
  const proof = msg.ntResponse.subarray(0, 16);
  const blob = msg.ntResponse.subarray(16);
  const expected = createHmac('md5', ntowfV2(password, msg.user, msg.domain)).update(Buffer.concat([serverChallenge, blob])).digest();
  return timingSafeEqual(proof, expected);
}

/**
 * Verifies an NTLMv1 response, with or without NTLM2 session security (the LM field then
 * holds the client challenge). Only used when the sandbox accepts NTLMv1.
 */
export function verifyNtlmV1(msg: AuthenticateMessage, serverChallenge: Buffer, password: string): boolean {
  if (msg.ntResponse.length !== 24) return false;
  let challenge = serverChallenge;
  if (msg.flags & NTLM_FLAGS.EXTENDED_SESSIONSECURITY && msg.lmResponse.length === 24 && msg.lmResponse.subarray(8).equals(Buffer.alloc(16))) {
    challenge = createHash('md5').update(Buffer.concat([serverChallenge, msg.lmResponse.subarray(0, 8)])).digest().subarray(0, 8);
  }
  const key = Buffer.concat([ntHash(password), Buffer.alloc(5)]);
  const expected = Buffer.concat([0, 7, 14].map((o) => desEncryptBlock(expandDesKey(key.subarray(o, o + 7)), challenge)));
  return timingSafeEqual(msg.ntResponse, expected);
}
