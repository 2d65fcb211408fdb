import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { flattenPng, PngError } from '../../../main/core/documents/png-flatten.js';
import { assemblePng, ihdr, palettePng, pngChunk, rgbPng } from '../../support/images.js';

/** The flattened PNG's pixels: its header's size and the RGB rows (each written with filter 0). */
function pixels(png: Buffer): { width: number; height: number; rgb: (x: number, y: number) => number[] } {
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect([png[24], png[25], png[28]]).toEqual([8, 2, 0]); // 8-bit RGB, not interlaced
  const idat = png.indexOf('IDAT');
  const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
  const stride = width * 3 + 1;
  return {
    width,
    height,
    rgb: (x, y) => {
      expect(raw[y * stride]).toBe(0);
      const at = y * stride + 1 + x * 3;
      return [raw[at], raw[at + 1], raw[at + 2]];
    },
  };
}

const over = (value: number, alpha: number) => Math.round((value * alpha + 255 * (255 - alpha)) / 255);

describe('flattenPng', () => {
  for (const interlace of [false, true]) {
    it(`undoes the filters${interlace ? ' and Adam7' : ''} and lays transparency over white`, () => {
      const color = (x: number, y: number) => [
        (x * 37) % 256,
        (y * 53) % 256,
        (x * y) % 256,
        (x * 29 + y) % 256,
      ];
      const out = pixels(flattenPng(rgbPng(13, 11, color, { alpha: true, interlace })));
      expect([out.width, out.height]).toEqual([13, 11]);
      for (let y = 0; y < 11; y++) {
        for (let x = 0; x < 13; x++) {
          const [r, g, b, a] = color(x, y);
          expect(out.rgb(x, y), `${x},${y}`).toEqual([over(r, a), over(g, a), over(b, a)]);
        }
      }
    });
  }

  it('reads a 1-bit palette with a transparent colour', () => {
    const out = pixels(flattenPng(palettePng(9, 2)));
    expect(out.rgb(0, 0)).toEqual([255, 255, 255]); // index 0: transparent black, over white
    expect(out.rgb(1, 0)).toEqual([255, 0, 0]);
    expect(out.rgb(8, 1)).toEqual([255, 0, 0]);
  });

  it('throws PngError for data that does not fit its header', () => {
    const short = assemblePng(ihdr(4, 4, 8, 2), pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00])));
    expect(() => flattenPng(short)).toThrow(PngError);
  });
});
