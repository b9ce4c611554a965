import { describe, expect, it } from 'vitest';
import { threadErrorText } from '../../src/store/sqlite-worker/worker-store.js';

describe('threadErrorText', () => {
  it('says the message, else the code (a SqliteError crosses threads as { code } alone), else the value', () => {
    expect(threadErrorText(new Error('disk I/O error'))).toBe('disk I/O error');
    expect(threadErrorText({ code: 'SQLITE_BUSY' })).toBe('SQLITE_BUSY');
    expect(threadErrorText({ message: '', code: 'SQLITE_FULL' })).toBe('SQLITE_FULL');
    expect(threadErrorText('boom')).toBe('boom');
    expect(threadErrorText(undefined)).toBe('undefined');
  });
});
