import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brandModule, icons } from '../../scripts/make-icons.mjs';
import { FAVICON_ICO, LOGO_PNG } from '../../main/core/server/brand-icons.js';

/** Width, height, bit depth and colour type from a PNG's IHDR. */
function pngHeader(bytes: Buffer) {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return {
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    depth: bytes[24],
    colour: bytes[25],
  };
}

describe('the icons in resources/', () => {
  const expected: Record<string, number> = {
    'icon.png': 512,
    'logo.png': 80,
    'tray/tray-light.png': 16,
    'tray/tray-light@2x.png': 32,
    'tray/tray-dark.png': 16,
    'tray/tray-dark@2x.png': 32,
    'tray/trayTemplate.png': 16,
    'tray/trayTemplate@2x.png': 32,
  };

  it('are RGBA PNGs of the sizes electron-builder and the tray need, as make-icons.mjs draws them', () => {
    const drawn = icons() as Record<string, Buffer>;
    expect(Object.keys(drawn).sort()).toEqual([...Object.keys(expected), 'favicon.ico'].sort());
    for (const [name, size] of Object.entries(expected)) {
      const committed = readFileSync(`resources/${name}`);
      expect(pngHeader(committed)).toEqual({ width: size, height: size, depth: 8, colour: 6 });
      expect(committed.equals(drawn[name])).toBe(true);
    }
  });

  it('favicon.ico holds the app icon at 16, 32 and 48 px, and the server carries the same favicon and logo', () => {
    const ico = readFileSync('resources/favicon.ico');
    expect(ico.equals((icons() as Record<string, Buffer>)['favicon.ico'])).toBe(true);
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 3]);
    const sizes = [0, 1, 2].map((i) => {
      const at = 6 + 16 * i;
      const png = ico.subarray(
        ico.readUInt32LE(at + 12),
        ico.readUInt32LE(at + 12) + ico.readUInt32LE(at + 8),
      );
      const header = pngHeader(png);
      expect(header.width).toBe(ico[at]);
      return header.width;
    });
    expect(sizes).toEqual([16, 32, 48]);
    expect(FAVICON_ICO.equals(ico)).toBe(true);
    expect(LOGO_PNG.equals(readFileSync('resources/logo.png'))).toBe(true);
    expect(readFileSync('main/core/server/brand-icons.ts', 'utf8')).toBe(brandModule());
  });
});
