/**
 * Small images built in the test, for the company logo: PNGs of every colour
 * type (Adam7 interlacing included) and a real 543-byte JPEG (Python's test
 * image, a baseline JFIF), so no fixture file is needed.
 */
import { crc32, deflateSync } from 'node:zlib';

/** A real JPEG file (Python's test suite's python.jpg). */
export const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z',
  'base64',
);

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

export function ihdr(width: number, height: number, depth: number, colorType: number, interlace = 0): Buffer {
  const body = Buffer.alloc(13);
  body.writeUInt32BE(width, 0);
  body.writeUInt32BE(height, 4);
  body[8] = depth;
  body[9] = colorType;
  body[12] = interlace;
  return pngChunk('IHDR', body);
}

export const assemblePng = (...chunks: Buffer[]): Buffer =>
  Buffer.concat([SIGNATURE, ...chunks, pngChunk('IEND', Buffer.alloc(0))]);

const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * An 8-bit PNG of colour type 2 (RGB) or 6 (RGBA) whose pixel (x, y) is `color(x, y)`,
 * each row with the Sub filter (so decoding must undo it), interlaced or not.
 */
export function rgbPng(
  width: number,
  height: number,
  color: (x: number, y: number) => readonly number[],
  options: { alpha?: boolean; interlace?: boolean } = {},
): Buffer {
  const channels = options.alpha ? 4 : 3;
  const passes = options.interlace ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const rows: Buffer[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w <= 0 || h <= 0) continue;
    for (let r = 0; r < h; r++) {
      const raw = Buffer.alloc(w * channels);
      for (let c = 0; c < w; c++) {
        const px = color(x0 + c * dx, y0 + r * dy);
        for (let k = 0; k < channels; k++) raw[c * channels + k] = px[k] ?? 255;
      }
      const filtered = Buffer.alloc(1 + raw.length);
      filtered[0] = 1; // Sub
      for (let i = 0; i < raw.length; i++)
        filtered[1 + i] = (raw[i] - (i >= channels ? raw[i - channels] : 0)) & 0xff;
      rows.push(filtered);
    }
  }
  return assemblePng(
    ihdr(width, height, 8, options.alpha ? 6 : 2, options.interlace ? 1 : 0),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
  );
}

/** A 1-bit palette PNG with a transparent first colour (tRNS): two colours, a checkerboard. */
export function palettePng(width: number, height: number): Buffer {
  const stride = Math.ceil(width / 8);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + stride);
    for (let x = 0; x < width; x++) if ((x + y) % 2 === 1) row[1 + (x >> 3)] |= 0x80 >> (x & 7);
    rows.push(row);
  }
  return assemblePng(
    ihdr(width, height, 1, 3),
    pngChunk('PLTE', Buffer.from([0, 0, 0, 255, 0, 0])),
    pngChunk('tRNS', Buffer.from([0])),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
  );
}
