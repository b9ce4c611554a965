/** Minimal typings for `js-md4` (MD4 is not available in Node 20's OpenSSL 3). */
declare module 'js-md4' {
  interface Md4 {
    (message: string | ArrayBuffer | Uint8Array): string;
    arrayBuffer(message: string | ArrayBuffer | Uint8Array): ArrayBuffer;
  }
  const md4: Md4;
  export default md4;
}
