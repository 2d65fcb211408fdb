/** startHeadless in-process: what it writes and how it refuses. */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serverUrlFor } from '../../main/core/server/server-url.js';
import { ensureAdminToken, startHeadless } from '../../main/headless/serve.js';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-start-'));
  dirs.push(dir);
  return dir;
};
let blocker: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  blocker = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('headless start', () => {
  it('writes the admin token once, mode 0600, and keeps it', () => {
    const dir = temp();
    const first = ensureAdminToken(dir);
    expect(first.created).toBe(true);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    const second = ensureAdminToken(dir);
    expect(second).toEqual({ ...first, created: false });
    // A token file made readable by others is narrowed again; a too-short one is replaced.
    writeFileSync(first.file, 'short\n', { mode: 0o644 });
    const replaced = ensureAdminToken(dir);
    expect(replaced.created).toBe(true);
    expect(replaced.token).not.toBe('short');
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
  });

  it('shows URLs a browser can open', () => {
    expect(serverUrlFor('127.0.0.1', 4317)).toBe('http://127.0.0.1:4317');
    expect(serverUrlFor('0.0.0.0', 4317)).toBe('http://127.0.0.1:4317');
    expect(serverUrlFor('::1', 80)).toBe('http://[::1]:80');
  });

  it('bound to every IPv6 interface (::), shows and answers on [::1], as the desktop does', async () => {
    const lines: string[] = [];
    const headless = await startHeadless({
      env: { dataDir: temp(), host: '::', port: 0 },
      log: (l) => lines.push(l),
    });
    try {
      const port = (headless.app.server.address() as { port: number }).port;
      expect(headless.url).toBe(`http://[::1]:${port}`);
      expect(headless.url).toBe(serverUrlFor('::', port));
      expect(lines[0]).toBe(`dVersum is running (headless) at http://[::1]:${port}`);
      // `::` may be IPv6 only (bindv6only, BSD): ::1 is the loopback it surely answers on.
      const res = await fetch(`${headless.url}/healthz`, { signal: AbortSignal.timeout(5000) });
      expect(res.status).toBe(200);
    } finally {
      await headless.close();
    }
  });

  it('says what to do when the port is taken, and releases the data folder', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = temp();
    const lines: string[] = [];
    await expect(
      startHeadless({ env: { dataDir, host: '127.0.0.1', port }, log: (l) => lines.push(l) }),
    ).rejects.toThrow(
      `127.0.0.1:${port} is already in use: stop the program using it, or choose another port with DVERSUM_PORT`,
    );
    expect(lines).toEqual([]);
    // The folder is free again: the next start works.
    const headless = await startHeadless({
      env: { dataDir, host: '127.0.0.1', port: 0 },
      log: (l) => lines.push(l),
    });
    expect(lines[0]).toBe(`dVersum is running (headless) at ${headless.url}`);
    await headless.close();
  });
});
