import { describe, expect, it } from 'vitest';
import { readLimited } from '../../../src/connectors/shared/network-errors.js';

/** A body that yields `chunks` and records whether it was destroyed. */
function body(chunks: Buffer[]): AsyncIterable<Buffer> & { destroy: () => void; destroyed: boolean } {
  return {
    destroyed: false,
    destroy() {
      this.destroyed = true;
    },
    async *[Symbol.asyncIterator]() {
      for (const c of chunks) yield c;
    },
  };
}

describe('readLimited', () => {
  it('reads a body of no, one or many chunks as UTF-8, a character split across chunks included', async () => {
    const text = '{"Name":"Zoë £24.95 ✓ 𝄞"}';
    const bytes = Buffer.from(text, 'utf8');
    expect(await readLimited(body([]), 100, 'o')).toBe('');
    expect(await readLimited(body([bytes]), 100, 'o')).toBe(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await readLimited(body([bytes.subarray(0, cut), bytes.subarray(cut)]), 100, 'o')).toBe(text);
    }
    expect(await readLimited(body([...bytes].map((b) => Buffer.from([b]))), 100, 'o')).toBe(text);
    expect(await readLimited(body([bytes]), bytes.length, 'o')).toBe(text);
  });

  it('refuses a body over the limit and stops reading it', async () => {
    for (const chunks of [[Buffer.alloc(11)], [Buffer.alloc(6), Buffer.alloc(5)]]) {
      const b = body(chunks);
      await expect(readLimited(b, 10, 'https://kf.example')).rejects.toMatchObject({ code: 'KFAX_REMOTE_REJECTED' });
      expect(b.destroyed).toBe(true);
    }
  });
});
