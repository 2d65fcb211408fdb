import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decideLaunch, fallbackLine, findElectronBinary, oneLine } from '../../scripts/launch-decision.mjs';

const withDisplay = { DISPLAY: ':0' };

describe('npm start: Electron, a download first, or headless with one line', () => {
  it('opens the window where a binary and a display exist', () => {
    expect(decideLaunch({ platform: 'linux', env: withDisplay, electronBinary: '/e/electron' })).toEqual({
      mode: 'electron',
      binary: '/e/electron',
    });
    expect(decideLaunch({ platform: 'darwin', env: {}, electronBinary: '/e/Electron' })).toEqual({
      mode: 'electron',
      binary: '/e/Electron',
    });
    expect(
      decideLaunch({
        platform: 'linux',
        env: { WAYLAND_DISPLAY: 'wayland-0' },
        electronBinary: '/e/electron',
      }).mode,
    ).toBe('electron');
  });

  it('Linux without a display runs headless, whatever else is true, and does not download', () => {
    expect(decideLaunch({ platform: 'linux', env: {}, electronBinary: '/e/electron' })).toEqual({
      mode: 'headless',
      reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)',
    });
    expect(
      decideLaunch({ platform: 'linux', env: {}, electronBinary: null, binaryProblem: 'never downloaded' }),
    ).toEqual({
      mode: 'headless',
      reason:
        'there is no display (DISPLAY and WAYLAND_DISPLAY are unset), and no Electron binary is installed',
    });
  });

  it('no binary: try the download once; when it fails, headless with its reason', () => {
    const facts = { platform: 'win32', env: {}, electronBinary: null, binaryProblem: 'never downloaded' };
    expect(decideLaunch(facts)).toEqual({ mode: 'download' });
    expect(decideLaunch({ ...facts, downloadError: 'getaddrinfo ENOTFOUND github.com' })).toEqual({
      mode: 'headless',
      reason: "Electron's binary could not be downloaded (getaddrinfo ENOTFOUND github.com)",
    });
    expect(decideLaunch({ ...facts, env: { DVERSUM_NO_DOWNLOAD: '1' } })).toEqual({
      mode: 'headless',
      reason: 'no Electron binary: never downloaded (DVERSUM_NO_DOWNLOAD=1)',
    });
  });

  it('no better-sqlite3 for Electron: headless with that reason; DVERSUM_HEADLESS=1 wins over everything', () => {
    expect(
      decideLaunch({
        platform: 'darwin',
        env: {},
        electronBinary: '/e/Electron',
        sqliteError: 'no prebuilt for ABI 150',
      }),
    ).toEqual({
      mode: 'headless',
      reason: 'better-sqlite3 built for Electron could not be had (no prebuilt for ABI 150)',
    });
    expect(
      decideLaunch({ platform: 'darwin', env: { DVERSUM_HEADLESS: '1' }, electronBinary: '/e/Electron' }),
    ).toEqual({
      mode: 'headless',
      reason: 'DVERSUM_HEADLESS=1 asks for headless mode',
    });
  });

  it('the fallback is one line, and error text is cut to one', () => {
    const line = fallbackLine("Electron's binary could not be downloaded (fetch failed)");
    expect(line).toBe(
      "dVersum: the desktop window cannot open here: Electron's binary could not be downloaded (fetch failed). Running headless mode instead (npm run serve).",
    );
    expect(line).not.toContain('\n');
    expect(oneLine('\n  TypeError: fetch failed.\n    at x (y.js:1:1)\n')).toBe('TypeError: fetch failed');
    expect(oneLine('x'.repeat(400))).toHaveLength(160);
  });
});

describe('finding the Electron binary without requiring electron (which would start a download)', () => {
  const root = mkdtempSync(join(tmpdir(), 'dversum-electron-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports each missing piece', () => {
    const dir = join(root, 'electron');
    expect(findElectronBinary(dir)).toEqual({
      binary: null,
      problem: 'the electron package is not installed',
    });
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), '{"name":"electron","version":"45.5.0"}');
    expect(findElectronBinary(dir)).toEqual({
      binary: null,
      problem: "its binary was never downloaded (npm does not run electron's install script)",
    });
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(findElectronBinary(dir)).toEqual({
      binary: null,
      problem: `${join(dir, 'dist', 'electron')} is missing`,
    });
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(findElectronBinary(dir)).toEqual({ binary: join(dir, 'dist', 'electron') });
  });
});
