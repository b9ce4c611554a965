import { beforeAll, describe, expect, it } from 'vitest';
import { Collection } from '../../../src/sandbox/kashflow/store/collection.js';
import { useSandbox } from '../../helpers/sandbox.js';
import { KfClient } from './helpers.js';

describe('Collection.highestKey', () => {
  it('tracks inserts and recomputes after the highest key is deleted', () => {
    const c = new Collection<number, string>();
    expect(c.highestKey()).toBeUndefined();
    c.set(5, 'a');
    c.set(9, 'b');
    c.set(7, 'c');
    expect(c.highestKey()).toBe(9);
    c.delete(7);
    expect(c.highestKey()).toBe(9);
    c.delete(9);
    expect(c.highestKey()).toBe(5);
    c.set(6, 'd');
    expect(c.highestKey()).toBe(6);
    c.delete(6);
    c.delete(5);
    expect(c.highestKey()).toBeUndefined();
  });
});

const sb = useSandbox();
const kf = new KfClient(sb);

beforeAll(async () => {
  await kf.login();
  expect((await kf.send('POST', '/customers', { Code: 'NUM01', Name: 'Numbering Ltd' })).status).toBe(201);
});

async function create(number?: number): Promise<number> {
  const r = await kf.send('POST', '/invoices', { CustomerCode: 'NUM01', ...(number === undefined ? {} : { Number: number }), LineItems: [{ Quantity: 1, Rate: 10, NominalCode: 4000, VATLevel: 20 }] });
  expect(r.status).toBe(201);
  return r.json().Number as number;
}

describe('invoice numbering and PreviousNumber/NextNumber', () => {
  it('numbers new invoices after the highest, and links neighbours across gaps wider than the probe window', async () => {
    const a = await create();
    const b = await create();
    expect(b).toBe(a + 1);
    const far = await create(b + 500); // a gap of 499 numbers
    expect(await create()).toBe(far + 1);
    const farther = await create(far + 1000);
    expect((await kf.send('DELETE', `/invoices/${farther}`)).status).toBeLessThan(300);
    expect(await create()).toBe(far + 2); // the deleted highest number no longer counts

    const all: number[] = [];
    for (let page = 1; ; page++) {
      const r = (await kf.send('GET', `/invoices?page=${page}&perpage=100&sortby=Number&order=Asc`)).json();
      all.push(...(r.Data as { Number: number }[]).map((d) => d.Number));
      if (!r.MetaData.NextPageUrl) break;
    }
    for (const n of [a, b, far, far + 1, far + 2]) {
      const doc = (await kf.send('GET', `/invoices/${n}`)).json();
      const i = all.indexOf(n);
      expect({ n, previous: doc.PreviousNumber, next: doc.NextNumber }).toEqual({ n, previous: all[i - 1] ?? 0, next: all[i + 1] ?? 0 });
    }
  });
});

describe('cached invoice details', () => {
  it('answer with current neighbours, customer fields and payments after later changes', async () => {
    expect((await kf.send('POST', '/customers', { Code: 'NUM02', Name: 'Cache "Quoted", Ltd', Contacts: [{ Name: 'A B' }] })).status).toBe(201);
    const r = await kf.send('POST', '/invoices', { CustomerCode: 'NUM02', CustomerReference: ',"PreviousNumber":0,"NextNumber":0,', LineItems: [{ Quantity: 2, Rate: 10, NominalCode: 4000, VATLevel: 20, Description: ',"NextNumber":0,' }] });
    expect(r.status).toBe(201);
    const created = r.json();
    const n = created.Number as number;
    expect(created.NextNumber).toBe(0);
    const first = await kf.send('GET', `/invoices/${n}`);
    // The create answer (built from the pieces as they are cached) is the text a GET gives.
    expect(first.text).toBe(r.text);
    // The text of a repeated GET is the same, strings that look like the neighbour fields untouched.
    expect((await kf.send('GET', `/invoices/${n}`)).text).toBe(first.text);
    expect(first.json()).toMatchObject({ CustomerReference: ',"PreviousNumber":0,"NextNumber":0,', LineItems: [{ Description: ',"NextNumber":0,' }], NextNumber: 0 });
    expect(first.json().PreviousNumber).toBeGreaterThan(0);

    const next = await create();
    const after = (await kf.send('GET', `/invoices/${n}`)).json();
    expect({ ...after, NextNumber: 0 }).toEqual(first.json());
    expect(after.NextNumber).toBe(next);
    expect((await kf.send('DELETE', `/invoices/${next}`)).status).toBeLessThan(300);
    expect((await kf.send('GET', `/invoices/${n}`)).text).toBe(first.text);

    expect((await kf.send('PUT', '/customers/NUM02', { Name: 'Renamed Ltd' })).status).toBe(200);
    expect((await kf.send('GET', `/invoices/${n}`)).json().CustomerName).toBe('Renamed Ltd');

    expect((await kf.send('POST', '/invoices/bulk/payments', { Date: '2026-11-20 12:00:00', AccountId: 1, Method: 3, PaymentItems: [{ ObjectNumber: n, Amount: 5, Reference: 'P1' }] })).status).toBeLessThan(300);
    const paid = (await kf.send('GET', `/invoices/${n}`)).json();
    expect(paid.PaymentLines).toHaveLength(1);
    expect(paid.DueAmount).toBe(19);
  });
});
