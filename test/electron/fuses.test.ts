/**
 * Electron's fuses, flipped by electron-builder when it packages the app
 * (`electronFuses` in electron-builder.yml): checked against electron-builder's
 * own schema, so a misspelt fuse name fails here rather than being ignored.
 */
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = parse(readFileSync(join(process.cwd(), 'electron-builder.yml'), 'utf8')) as {
  electronFuses?: Record<string, unknown>;
};

describe('the packaged app’s fuses', () => {
  it('no running as Node, no NODE_OPTIONS, no inspector; encrypted cookies; only an intact app.asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('uses fuse names electron-builder knows', () => {
    const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: Record<string, unknown>;
    };
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile({
      ...(scheme.definitions.FuseOptionsV1 as object),
      definitions: scheme.definitions,
    });
    expect(validate(config.electronFuses), JSON.stringify(validate.errors)).toBe(true);
  });
});
