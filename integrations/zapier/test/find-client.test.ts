import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App, appTester, failureOf, startDversum, type Dversum } from './dversum.js';

let d: Dversum;
beforeEach(async () => {
  d = await startDversum();
});
afterEach(async () => {
  await d.close();
});

const find = App.searches.find_client.operation.perform;

async function client(body: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const res = await d.h.call(d.h.key(['clients:write']), {
    method: 'POST',
    url: '/api/v1/webhooks/incoming/clients',
    payload: body,
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe('find_client: by e-mail or by name', () => {
  it('finds by the whole e-mail, ignoring case, and not a client whose e-mail merely contains it', async () => {
    const anna = await client({ name: 'Anna Schmidt', email: 'anna@example.com' });
    await client({ name: 'Joanna Meyer', email: 'joanna@example.com' });
    const found = await appTester(find, {
      authData: d.authData(['clients:read']),
      inputData: { email: 'ANNA@example.com' },
    });
    expect(found).toEqual([anna]);
  });

  it('finds by the whole name when no e-mail is given', async () => {
    await client({ name: 'Ada Lovelace Jr.', email: 'junior@example.com' });
    const ada = await client({ name: 'Ada Lovelace', company: 'Analytical Engines' });
    const found = await appTester(find, {
      authData: d.authData(['clients:read']),
      inputData: { name: ' ada lovelace ' },
    });
    expect(found).toEqual([ada]);
  });

  it('the e-mail wins over the name', async () => {
    const byMail = await client({ name: 'Grace Hopper', email: 'grace@example.com' });
    await client({ name: 'Someone Else' });
    const found = await appTester(find, {
      authData: d.authData(['clients:read']),
      inputData: { email: 'grace@example.com', name: 'Someone Else' },
    });
    expect(found).toEqual([byMail]);
  });

  it('follows the list’s cursor past a full page of clients that only contain the text', async () => {
    const oldest = await client({ name: 'Acme', email: 'acme@example.com' });
    // 205 newer clients whose e-mails contain it come first: the one that is it is on the second page of 200.
    for (let i = 0; i < 205; i++) {
      d.h.clock.advance(1);
      d.h.core.clients.create({ name: `Client ${i}`, email: `c${i}.acme@example.com` });
    }
    const found = await appTester(find, {
      authData: d.authData(['clients:read']),
      inputData: { email: 'acme@example.com' },
    });
    expect(found).toEqual([oldest]);
  });

  it('past 2,000 clients containing the text it says so rather than "none", which could make a duplicate', async () => {
    await client({ name: 'Acme' });
    for (let i = 0; i < 2000; i++) {
      d.h.clock.advance(1);
      d.h.core.clients.create({ name: `Acme ${i}` });
    }
    const failure = await failureOf(
      appTester(find, { authData: d.authData(['clients:read']), inputData: { name: 'Acme' } }),
    );
    expect(failure).toMatchObject({
      code: 'TooManyCandidates',
      status: 400,
      message:
        'More than 2000 clients contain "Acme" and none of the first 2000 has it as its name: search for something more specific',
    });
  });

  it('no client with that e-mail: an empty result, so Zapier can stop or create one', async () => {
    await client({ name: 'Anna Schmidt', email: 'anna@example.com' });
    const found = await appTester(find, {
      authData: d.authData(['clients:read']),
      inputData: { email: 'bob@example.com' },
    });
    expect(found).toEqual([]);
  });

  it('neither e-mail nor name: refused before any call', async () => {
    const failure = await failureOf(
      appTester(find, { authData: d.authData(['clients:read']), inputData: { email: ' ' } }),
    );
    expect(failure).toMatchObject({
      message: 'Give an e-mail or a name to look for',
      code: 'InvalidData',
      status: 400,
    });
  });

  it('a key without clients:read: 403 naming it', async () => {
    const failure = await failureOf(
      appTester(find, { authData: d.authData(['clients:write']), inputData: { name: 'Ada' } }),
    );
    expect(failure).toMatchObject({ code: 'Forbidden', status: 403 });
    expect(failure.message).toBe('dVersum refused this: This key may not Read clients (clients:read)');
  });
});
