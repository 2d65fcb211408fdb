/**
 * Where the built app finds its parts. electron-vite writes out/main/index.js,
 * out/preload/index.cjs and out/renderer/; the build copies the migrations to
 * out/main/migrations. Icons are in resources/ while developing and in the
 * packaged app's resources folder (electron-builder's extraResources).
 */
import { join } from 'node:path';

export interface AppPathsInput {
  /** The folder of the built main script (out/main). */
  mainDir: string;
  /** app.getAppPath(): the project folder, or app.asar when packaged. */
  appPath: string;
  /** process.resourcesPath: next to app.asar when packaged. */
  resourcesPath: string;
  isPackaged: boolean;
  env: NodeJS.ProcessEnv;
}

export interface AppPaths {
  preload: string;
  rendererDir: string;
  migrationsFolder: string;
  iconsDir: string;
  /** better-sqlite3 built for Electron's ABI; undefined means the module's own build. */
  sqliteBinding: string | undefined;
}

export function appPaths(input: AppPathsInput): AppPaths {
  const outDir = join(input.mainDir, '..');
  return {
    preload: join(outDir, 'preload', 'index.cjs'),
    rendererDir: join(outDir, 'renderer'),
    migrationsFolder: join(input.mainDir, 'migrations'),
    iconsDir: input.isPackaged ? join(input.resourcesPath, 'icons') : join(input.appPath, 'resources'),
    sqliteBinding: sqliteBinding(input),
  };
}

/**
 * npm start passes the Electron build it fetched (DVERSUM_SQLITE_BINDING, see
 * scripts/electron-sqlite.mjs); the packaged app carries it in its resources.
 * node_modules keeps the Node build, so the tests under Node never see this one.
 * The packaged app ignores the variable: a native module is code, and the
 * environment must not choose which code the signed app loads.
 */
export function sqliteBinding(
  input: Pick<AppPathsInput, 'env' | 'isPackaged' | 'resourcesPath'>,
): string | undefined {
  if (input.isPackaged) return join(input.resourcesPath, 'native', 'better_sqlite3.node');
  const fromEnv = input.env.DVERSUM_SQLITE_BINDING;
  return fromEnv && fromEnv.length > 0 ? fromEnv : undefined;
}
