import { isKfaxError, type KfaxError } from '../../src/errors/kfax-error.js';

/** The rejection of a promise as a KfaxError (fails the test when it resolves or rejects with something else). */
export async function rejection(p: Promise<unknown>): Promise<KfaxError> {
  try {
    await p;
  } catch (err) {
    if (isKfaxError(err)) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}
