#!/usr/bin/env node
/**
 * Draws dVersum's icons into resources/ (no image tools needed): the app icon
 * (a white "d" on an indigo rounded square) and the tray glyph for light menus
 * (dark), dark menus (white) and macOS (a black template image the system
 * tints), each at 1x and @2x; the browser's favicon.ico (16, 32 and 48 px) and
 * the logo of /api/docs's top bar. Run `node scripts/make-icons.mjs` after
 * changing the drawing; the files are committed, and the server's copies of the
 * favicon and the logo (main/core/server/brand-icons.ts: the server is bundled,
 * it cannot read resources/) are written beside them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** An RGBA image as PNG bytes. */
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in a unit square (0..1), as "is this point inside".
const roundedSquare = (r) => (x, y) => {
  const dx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const dy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  return dx * dx + dy * dy <= r * r;
};

/** The "d": a ring for the bowl and a stem on its right, centred in `box` (a fraction of the square). */
const letterD = (box) => (x, y) => {
  const u = (x - 0.5) / box + 0.5;
  const v = (y - 0.5) / box + 0.5;
  const cx = 0.42,
    cy = 0.62,
    outer = 0.3,
    inner = 0.17;
  const d = Math.hypot(u - cx, v - cy);
  const ring = d <= outer && d >= inner;
  const stem = u >= 0.6 && u <= 0.74 && v >= 0.06 && v <= 0.92;
  return ring || stem;
};

function draw(size, layers) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          let colour = null;
          for (const layer of layers) if (layer.shape(x, y)) colour = layer.colour;
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 255;
        }
      }
      const n = samples * samples;
      const i = (py * size + px) * 4;
      const alpha = a / n;
      const cover = a / 255 || 1;
      rgba[i] = Math.round(r / cover);
      rgba[i + 1] = Math.round(g / cover);
      rgba[i + 2] = Math.round(b / cover);
      rgba[i + 3] = Math.round(alpha);
    }
  }
  return encodePng(size, rgba);
}

const INDIGO = [67, 56, 202];
const WHITE = [255, 255, 255];
const INK = [32, 33, 36];
const BLACK = [0, 0, 0];

/** PNG images in an .ico container (Vista+ and every browser read PNG entries). */
export function encodeIco(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header[at] = size >= 256 ? 0 : size;
    header[at + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, at + 4); // planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.png)]);
}

export function icons() {
  const app = [
    { shape: roundedSquare(0.2), colour: INDIGO },
    { shape: letterD(0.62), colour: WHITE },
  ];
  const glyph = (colour) => [{ shape: letterD(0.95), colour }];
  const files = {
    'icon.png': draw(512, app),
    'favicon.ico': encodeIco([16, 32, 48].map((size) => ({ size, png: draw(size, app) }))),
    // Swagger UI shows it 40 px high: drawn at twice that for sharp screens.
    'logo.png': draw(80, app),
  };
  for (const [name, colour] of [
    ['tray-light', INK],
    ['tray-dark', WHITE],
    ['trayTemplate', BLACK],
  ]) {
    files[`tray/${name}.png`] = draw(16, glyph(colour));
    files[`tray/${name}@2x.png`] = draw(32, glyph(colour));
  }
  return files;
}

/** The server's copies of the favicon and the logo, as a TypeScript module. */
export function brandModule(files = icons()) {
  const b64 = (name) => files[name].toString('base64');
  return `/**
 * dVersum's favicon and logo for the embedded server (/favicon.ico, /api/docs).
 * Written by scripts/make-icons.mjs: do not edit; the same bytes as resources/favicon.ico
 * and resources/logo.png (test/electron/icons.test.ts holds them equal).
 */
export const FAVICON_ICO = Buffer.from(
  '${b64('favicon.ico')}',
  'base64',
);
export const LOGO_PNG = Buffer.from(
  '${b64('logo.png')}',
  'base64',
);
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = fileURLToPath(new URL('../resources/', import.meta.url));
  const files = icons();
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(join(out, name, '..'), { recursive: true });
    writeFileSync(join(out, name), bytes);
    console.log(`resources/${name} (${bytes.length} bytes)`);
  }
  const server = fileURLToPath(new URL('../main/core/server/brand-icons.ts', import.meta.url));
  writeFileSync(server, brandModule(files));
  console.log('main/core/server/brand-icons.ts');
}
