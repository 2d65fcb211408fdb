import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core/core.js';
import { appPaths, sqliteBinding } from '../../main/electron/paths.js';
import { explainStartError } from '../../main/electron/start-errors.js';
import { serverUrlFor } from '../../main/core/server/server-url.js';
import { listenAddress } from '../../main/electron/server-address.js';
import {
  electronSqliteBinding,
  electronSqliteDir,
  electronVersion,
  ensureElectronSqlite,
} from '../../scripts/electron-sqlite.mjs';

const require = createRequire(import.meta.url);
const nodeBuild = join(
  dirname(require.resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  'better_sqlite3.node',
);
const scratch = mkdtempSync(join(tmpdir(), 'dversum-native-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('better-sqlite3 for Electron, apart from the Node build', () => {
  const target = { electronVersion: '45.5.0', platform: 'linux', arch: 'x64' };

  it('lives in its own cache folder per Electron version, platform and arch', () => {
    expect(electronSqliteDir('/p', target)).toBe(
      join('/p', 'node_modules', '.cache', 'dversum-electron-sqlite', 'electron-45.5.0-linux-x64'),
    );
    expect(electronSqliteBinding('/p', target)).toBe(
      join(
        '/p',
        'node_modules',
        '.cache',
        'dversum-electron-sqlite',
        'electron-45.5.0-linux-x64',
        'build',
        'Release',
        'better_sqlite3.node',
      ),
    );
    expect(electronVersion(process.cwd())).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a cached build is used as it is: no download, and the Node build is untouched', async () => {
    const before = readFileSync(nodeBuild);
    const cached = electronSqliteBinding(scratch, target);
    mkdirSync(dirname(cached), { recursive: true });
    copyFileSync(nodeBuild, cached);
    expect(await ensureElectronSqlite(scratch, target, { timeoutMs: 1 })).toBe(cached);
    expect(readFileSync(nodeBuild).equals(before)).toBe(true);
  });

  it('the core opens the database through the binding it is given (openStore nativeBinding)', async () => {
    const copy = join(scratch, 'copy', 'better_sqlite3.node');
    mkdirSync(dirname(copy), { recursive: true });
    copyFileSync(nodeBuild, copy);
    const core = createCore({ nativeBinding: copy });
    expect(core.settings.get().server.port).toBe(4317);
    await core.close();
    expect(() => createCore({ nativeBinding: join(scratch, 'missing.node') })).toThrow(/Cannot find module/);
  });

  it('the app finds it: DVERSUM_SQLITE_BINDING from npm start, resources/native when packaged, else the module’s own', () => {
    expect(
      sqliteBinding({ env: { DVERSUM_SQLITE_BINDING: '/c/b.node' }, isPackaged: false, resourcesPath: '/r' }),
    ).toBe('/c/b.node');
    // Packaged, the variable is ignored: the environment does not choose the native code the signed app loads.
    expect(
      sqliteBinding({ env: { DVERSUM_SQLITE_BINDING: '/c/b.node' }, isPackaged: true, resourcesPath: '/r' }),
    ).toBe(join('/r', 'native', 'better_sqlite3.node'));
    expect(sqliteBinding({ env: {}, isPackaged: true, resourcesPath: '/r' })).toBe(
      join('/r', 'native', 'better_sqlite3.node'),
    );
    expect(sqliteBinding({ env: {}, isPackaged: false, resourcesPath: '/r' })).toBeUndefined();
  });
});

describe('where the built app finds its parts', () => {
  it('next to out/main in development; icons from resources/ or the packaged resources', () => {
    const dev = appPaths({
      mainDir: '/p/out/main',
      appPath: '/p',
      resourcesPath: '/e/resources',
      isPackaged: false,
      env: {},
    });
    expect(dev).toEqual({
      preload: join('/p/out/preload/index.cjs'),
      rendererDir: join('/p/out/renderer'),
      migrationsFolder: join('/p/out/main/migrations'),
      iconsDir: join('/p/resources'),
      sqliteBinding: undefined,
    });
    const packaged = appPaths({
      mainDir: '/opt/dVersum/resources/app.asar/out/main',
      appPath: '/opt/dVersum/resources/app.asar',
      resourcesPath: '/opt/dVersum/resources',
      isPackaged: true,
      env: {},
    });
    expect(packaged.iconsDir).toBe(join('/opt/dVersum/resources/icons'));
    expect(packaged.sqliteBinding).toBe(join('/opt/dVersum/resources/native/better_sqlite3.node'));
  });
});

describe('the server address the tray copies', () => {
  it('loopback for a wildcard bind, brackets for IPv6', () => {
    expect(serverUrlFor('127.0.0.1', 4317)).toBe('http://127.0.0.1:4317');
    expect(serverUrlFor('0.0.0.0', 4317)).toBe('http://127.0.0.1:4317');
    expect(serverUrlFor('::', 8080)).toBe('http://[::1]:8080');
    expect(serverUrlFor('fe80::1', 1)).toBe('http://[fe80::1]:1');
    expect(serverUrlFor('192.168.1.20', 4317)).toBe('http://192.168.1.20:4317');
  });

  it('the environment wins over the settings', () => {
    expect(listenAddress({ host: '127.0.0.1', port: 4317 }, {})).toEqual({ host: '127.0.0.1', port: 4317 });
    expect(listenAddress({ host: '127.0.0.1', port: 4317 }, { host: '0.0.0.0', port: 0 })).toEqual({
      host: '0.0.0.0',
      port: 0,
    });
  });
});

describe('when the app cannot start', () => {
  const abiError = new Error(
    "The module '/p/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 150.",
  );

  it('the Node build loaded into Electron from the sources says to use npm start', () => {
    expect(explainStartError(abiError, { isPackaged: false, hasSqliteBinding: false })).toBe(
      'better-sqlite3 in node_modules is built for Node.js, not for Electron. Start dVersum with `npm start`, which fetches the Electron build and keeps the two apart.',
    );
    expect(explainStartError(abiError, { isPackaged: true, hasSqliteBinding: true })).toBe(
      "The database module does not match this Electron version: The module '/p/node_modules/better-sqlite3/build/Release/better_sqlite3.node'",
    );
  });

  it('any other error is shown as it is', () => {
    expect(
      explainStartError(new Error('DVERSUM_PORT must be a port number'), {
        isPackaged: false,
        hasSqliteBinding: false,
      }),
    ).toBe('DVERSUM_PORT must be a port number');
  });
});
