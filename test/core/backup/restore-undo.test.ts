/**
 * A restore whose new core fails to open or to start is undone: the swap is
 * put back, the old database is opened and started again and handed to the
 * host, the call answers a 500 that names the file and says nothing was
 * restored, every call goes on working, and the next start is clean.
 */
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { failure, tempDir } from '../../support/core.js';
import { openRestorable, type Restorable } from './restorable.js';

let h: Restorable | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Failing = 'open' | 'start' | undefined;

async function restoreThatFails(how: Failing, reason: string): Promise<void> {
  let failNext: Failing;
  h = await openRestorable({
    reopen: (open) => {
      const failing = failNext;
      failNext = undefined;
      if (failing === 'open') throw new Error(reason);
      const core: Core = open();
      if (failing === 'start') core.start = async () => Promise.reject(new Error(reason));
      return core;
    },
  });
  await h.call('clients.create', { name: 'Ada Lovelace' });
  const backup = await h.call('backups.create', {});
  await h.call('clients.create', { name: 'Grace Hopper' });
  const oldCore = h.core;

  failNext = how;
  expect(await failure(h.call('backups.restore', { id: backup.id }))).toEqual({
    status: 500,
    code: 'internal',
    message:
      `${backup.path} passed its checks but did not open (${reason}): nothing was restored, ` +
      'and dVersum goes on with the database it had. Try another backup.',
    details: undefined,
  });

  // The old database, opened again and handed over: reads, writes and sending work.
  expect(h.core).not.toBe(oldCore);
  expect(h.core.availability.state).toBe('open');
  const names = async () => (await h!.call('clients.list', {})).items.map((c: { name: string }) => c.name);
  expect(await names()).toEqual(['Grace Hopper', 'Ada Lovelace']);
  await h.call('clients.create', { name: 'Katherine Johnson' });
  expect(await h.call('dispatch.status', {})).toMatchObject({ paused: false });
  expect(readdirSync(h.dataDir).filter((name) => /restoring|replaced/.test(name))).toEqual([]);
  // The old core's handlers answer a 503, not SQLite's "connection is not open".
  expect(oldCore.availability.state).toBe('closed');

  await h.restart();
  expect(await names()).toEqual(['Katherine Johnson', 'Grace Hopper', 'Ada Lovelace']);
}

describe('a restore whose new core fails is undone', () => {
  it('fails to open', async () => {
    await restoreThatFails('open', 'disk I/O error');
  });

  it('fails to start', async () => {
    await restoreThatFails('start', 'no such table: deliveries');
  });
});

describe('a restore killed in the middle of its swap', () => {
  it('moved the database aside but never put the new one in place: the next start puts the old one back', async () => {
    const folder = tempDir();
    try {
      const dataDir = folder.dir;
      const first = createCore({ dataDir });
      first.clients.create({ name: 'Ada Lovelace' });
      await first.close();
      const file = join(dataDir, 'dversum.db');
      renameSync(file, `${file}.replaced`); // as swapDatabaseFile does first; killed right after

      const lines: string[] = [];
      const core = createCore({ dataDir, log: (line) => lines.push(line) });
      expect(core.clients.list({}).items.map((c) => c.name)).toEqual(['Ada Lovelace']);
      expect(lines).toContain(
        `dVersum: a restore was interrupted before it replaced ${file}: the database it had is back in place.`,
      );
      expect(existsSync(`${file}.replaced`)).toBe(false);
      await core.close();
    } finally {
      folder.remove();
    }
  });
});

describe('two restores at once', () => {
  it('the second is refused with a 409 and leaves the first one its checked copy', async () => {
    h = await openRestorable();
    await h.call('clients.create', { name: 'Ada Lovelace' });
    const backup = await h.call('backups.create', {});
    await h.call('clients.create', { name: 'Grace Hopper' });
    const [first, second] = await Promise.allSettled([
      h.call('backups.restore', { id: backup.id }),
      h.call('backups.restore', { id: backup.id }),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({
      status: 'rejected',
      reason: {
        status: 409,
        message: 'A restore is already under way: wait for it to finish, then try again',
      },
    });
    expect((await h.call('clients.list', {})).items.map((c: { name: string }) => c.name)).toEqual([
      'Ada Lovelace',
    ]);
  });
});
