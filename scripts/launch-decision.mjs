/**
 * What `npm start` does, decided from plain facts so it is tested without
 * Electron: open the desktop window; first download Electron's binary (npm 11
 * does not run electron's install script, so a fresh install has none); or
 * run headless mode, with the one-line reason why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Electron executable that `require('electron')` would name, without
 * requiring it: electron's index.js starts a download when the binary is
 * missing, and that is a decision for decideLaunch.
 * @param {string} electronDir node_modules/electron
 * @returns {{ binary: string } | { binary: null, problem: string }}
 */
export function findElectronBinary(electronDir) {
  if (!existsSync(join(electronDir, 'package.json'))) {
    return { binary: null, problem: 'the electron package is not installed' };
  }
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      binary: null,
      problem: "its binary was never downloaded (npm does not run electron's install script)",
    };
  }
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { binary: null, problem: `${binary} is missing` };
  return { binary };
}

/**
 * @typedef {object} LaunchFacts
 * @property {string} platform process.platform
 * @property {Record<string, string | undefined>} env
 * @property {string | null} electronBinary
 * @property {string} [binaryProblem] why there is no binary
 * @property {string} [downloadError] set once a download was tried and failed
 * @property {string} [sqliteError] set when better-sqlite3 for Electron's ABI could not be had
 */

/**
 * @param {LaunchFacts} facts
 * @returns {{ mode: 'electron', binary: string } | { mode: 'download' } | { mode: 'headless', reason: string }}
 */
export function decideLaunch(facts) {
  const { env } = facts;
  if (env.DVERSUM_HEADLESS === '1')
    return { mode: 'headless', reason: 'DVERSUM_HEADLESS=1 asks for headless mode' };
  if (facts.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    const binary = facts.electronBinary ? '' : ', and no Electron binary is installed';
    return {
      mode: 'headless',
      reason: `there is no display (DISPLAY and WAYLAND_DISPLAY are unset)${binary}`,
    };
  }
  if (!facts.electronBinary) {
    if (facts.downloadError !== undefined) {
      return {
        mode: 'headless',
        reason: `Electron's binary could not be downloaded (${facts.downloadError})`,
      };
    }
    if (env.DVERSUM_NO_DOWNLOAD === '1') {
      return {
        mode: 'headless',
        reason: `no Electron binary: ${facts.binaryProblem ?? 'not installed'} (DVERSUM_NO_DOWNLOAD=1)`,
      };
    }
    return { mode: 'download' };
  }
  if (facts.sqliteError !== undefined) {
    return {
      mode: 'headless',
      reason: `better-sqlite3 built for Electron could not be had (${facts.sqliteError})`,
    };
  }
  return { mode: 'electron', binary: facts.electronBinary };
}

/** The one line `npm start` prints before running headless. */
export function fallbackLine(reason) {
  return `dVersum: the desktop window cannot open here: ${reason}. Running headless mode instead (npm run serve).`;
}

/** The first line of an error's message, without a trailing period, short enough for one line. */
export function oneLine(text) {
  const first =
    String(text)
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? 'unknown error';
  const trimmed = first.replace(/\.$/, '');
  return trimmed.length > 160 ? `${trimmed.slice(0, 157)}...` : trimmed;
}
