/**
 * The static header's value is a credential (n8n's Header Auth): sealed at rest
 * with the secret cipher like the signing secret, sent and shown in plain.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isSealed, SEALED_PREFIX, type SecretCipher } from '../../../main/core/secret-cipher.js';
import { openHarness, tempDir, type Harness } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';
import { storeOf } from '../../../main/core/store/database.js';

/** A keychain-like cipher: sealed values carry the prefix and do not contain the plain text. */
const keychain: SecretCipher = {
  kind: 'os-keychain',
  seal: (plain) => SEALED_PREFIX + Buffer.from([...plain].reverse().join('')).toString('base64'),
  open: (stored) =>
    isSealed(stored)
      ? [...Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64').toString()].reverse().join('')
      : stored,
};

let h: Harness | undefined;
let receiver: Receiver | undefined;
const dirs: { remove(): void }[] = [];
afterEach(async () => {
  await h?.core.close();
  h = undefined;
  await receiver?.close();
  receiver = undefined;
  for (const d of dirs.splice(0)) d.remove();
});

/** The webhook as the contract lists it (there is no webhooks.get: the window reads the list). */
const listed = async (id: string): Promise<{ headerName: string | null; headerValue: string | null }> =>
  (await h!.call('webhooks.list')).items.find((w: { id: string }) => w.id === id);

const storedValue = (id: string): string | null =>
  (
    storeOf(h!.core.store).sqlite.prepare('SELECT header_value AS v FROM webhooks WHERE id = ?').get(id) as {
      v: string | null;
    }
  ).v;

describe('the static header value is sealed at rest', () => {
  it('the column holds the sealed value; the receiver gets the plain one; webhooks.list shows it as before', async () => {
    receiver = await Receiver.start();
    h = openHarness({ secretCipher: keychain });
    const created = await h.call('webhooks.create', {
      name: 'n8n',
      url: receiver.url,
      events: ['*'],
      headerName: 'X-N8N-Auth',
      headerValue: 'let-me-in-0123',
    });
    expect(created).toMatchObject({ headerName: 'X-N8N-Auth', headerValue: 'let-me-in-0123' });
    const stored = storedValue(created.id)!;
    expect(isSealed(stored)).toBe(true);
    expect(stored).not.toContain('let-me-in-0123');
    expect(await listed(created.id)).toMatchObject({
      headerName: 'X-N8N-Auth',
      headerValue: 'let-me-in-0123',
    });

    h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(receiver.received[0].headers['x-n8n-auth']).toBe('let-me-in-0123');
    const [item] = (await h.call('log.list', {})).items;
    expect((await h.call('log.get', { id: item.id })).requestHeaders['X-N8N-Auth']).toBe('(hidden)');

    // Another change keeps the sealed value as it is; a new value is sealed in turn.
    await h.call('webhooks.update', { id: created.id, name: 'n8n (prod)' });
    expect(storedValue(created.id)).toBe(stored);
    const changed = await h.call('webhooks.update', { id: created.id, headerValue: 'new-value-456' });
    expect(changed.headerValue).toBe('new-value-456');
    expect(isSealed(storedValue(created.id)!)).toBe(true);
    expect(storedValue(created.id)).not.toContain('new-value-456');
    h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(receiver.received[1].headers['x-n8n-auth']).toBe('new-value-456');

    await h.call('webhooks.update', { id: created.id, headerName: null, headerValue: null });
    expect(storedValue(created.id)).toBeNull();
  });

  it('a plain value from an older database still sends, and is sealed at the next start with a keychain', async () => {
    receiver = await Receiver.start();
    const { dir, remove } = tempDir();
    dirs.push({ remove });
    h = openHarness({ dataDir: dir });
    const hook = await h.call('webhooks.create', {
      name: 'n8n',
      url: receiver.url,
      events: ['*'],
      headerName: 'X-Api-Key',
      headerValue: 'plain-from-before',
    });
    expect(storedValue(hook.id)).toBe('plain-from-before'); // no keychain here: the plain cipher
    await h.core.close();

    h = openHarness({ dataDir: dir, secretCipher: keychain });
    expect(isSealed(storedValue(hook.id)!)).toBe(true);
    expect((await listed(hook.id)).headerValue).toBe('plain-from-before');
    h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(receiver.received[0].headers['x-api-key']).toBe('plain-from-before');
  });

  it('a value sealed by a keychain this host lacks is listed, not thrown, and fails the attempt instead of sending it', async () => {
    receiver = await Receiver.start();
    h = openHarness();
    await h.call('settings.update', { retrySchedule: [60] });
    const hook = await h.call('webhooks.create', {
      name: 'n8n',
      url: receiver.url,
      events: ['*'],
      headerName: 'X-Api-Key',
      headerValue: 'x',
    });
    storeOf(h.core.store)
      .sqlite.prepare('UPDATE webhooks SET header_value = ? WHERE id = ?')
      .run(`${SEALED_PREFIX}AAAA`, hook.id);
    expect((await listed(hook.id)).headerValue).toBe(
      '(sealed by the system keychain; set the header value again to use it here)',
    );
    h.record('task.created');
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(0);
    const [item] = (await h.call('log.list', {})).items;
    expect(item).toMatchObject({ status: 'retrying', attempt: 1 });
    expect((await h.call('log.get', { id: item.id })).attempts[0].error).toBe(
      'could not send: This secret was sealed by the system keychain, which is not available here',
    );
  });
});
