/**
 * A PNG logo made plain for pdfkit: decoded here, synchronously and within
 * bounds, then written again as an 8-bit RGB PNG without interlacing, its
 * transparency laid over white (the page's colour).
 *
 * Why: pdfkit embeds a plain PNG as it is, but decodes one with an alpha
 * channel, a transparent palette or interlacing through png-js, whose zlib
 * callback throws on bad data — an uncaught exception that ends the process —
 * and which makes the rendering asynchronous. Decoded here, a broken or hostile
 * file is a 422 when it is chosen, and every document renders synchronously.
 * The decoded size is known from the header before anything is inflated, and
 * inflating stops at it (`maxOutputLength`): no decompression bomb.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';

export class PngError extends Error {}

interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlace: number;
}

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
/** Adam7: x start, y start, x step, y step of each pass. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

interface Chunks {
  header: Header;
  palette: Buffer | undefined;
  transparency: Buffer | undefined;
  data: Buffer;
}

function readChunks(png: Buffer): Chunks {
  let at = 8;
  let header: Header | undefined;
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  const data: Buffer[] = [];
  while (at + 12 <= png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const end = at + 8 + length;
    if (length > png.length || end + 4 > png.length)
      throw new PngError('a chunk runs past the end of the file');
    const body = png.subarray(at + 8, end);
    if (type === 'IHDR') {
      if (length !== 13) throw new PngError('the header chunk is malformed');
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8],
        colorType: body[9],
        interlace: body[12],
      };
      if (body[10] !== 0 || body[11] !== 0 || body[12] > 1)
        throw new PngError('unknown compression or filter');
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') transparency = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    at = end + 4;
  }
  if (!header) throw new PngError('no header chunk');
  if (data.length === 0) throw new PngError('no image data');
  const depths = DEPTHS[header.colorType];
  if (!depths?.includes(header.depth)) throw new PngError('unknown colour type or bit depth');
  if (header.colorType === 3 && (!palette || palette.length % 3 !== 0)) throw new PngError('no palette');
  return { header, palette, transparency, data: Buffer.concat(data) };
}

const rowBytes = (width: number, bitsPerPixel: number) => 1 + Math.ceil((width * bitsPerPixel) / 8);

function passesOf(header: Header): { x: number; y: number; dx: number; dy: number; w: number; h: number }[] {
  const whole = [[0, 0, 1, 1]] as const;
  return (header.interlace === 1 ? ADAM7 : whole)
    .map(([x, y, dx, dy]) => ({
      x,
      y,
      dx,
      dy,
      w: Math.ceil((header.width - x) / dx),
      h: Math.ceil((header.height - y) / dy),
    }))
    .filter((pass) => pass.w > 0 && pass.h > 0);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the row filters in place; returns the rows without their filter bytes. */
function unfilter(raw: Buffer, offset: number, rows: number, stride: number, bpp: number): Buffer[] {
  const out: Buffer[] = [];
  let previous: Buffer = Buffer.alloc(stride - 1);
  for (let r = 0; r < rows; r++) {
    const start = offset + r * stride;
    const filter = raw[start];
    const row = raw.subarray(start + 1, start + stride);
    for (let i = 0; i < row.length; i++) {
      const left = i >= bpp ? row[i - bpp] : 0;
      const up = previous[i];
      const upLeft = i >= bpp ? previous[i - bpp] : 0;
      switch (filter) {
        case 0:
          break;
        case 1:
          row[i] = (row[i] + left) & 0xff;
          break;
        case 2:
          row[i] = (row[i] + up) & 0xff;
          break;
        case 3:
          row[i] = (row[i] + ((left + up) >> 1)) & 0xff;
          break;
        case 4:
          row[i] = (row[i] + paeth(left, up, upLeft)) & 0xff;
          break;
        default:
          throw new PngError(`unknown row filter ${filter}`);
      }
    }
    out.push(row);
    previous = row;
  }
  return out;
}

/** Sample `index` of a row at the image's bit depth. */
function sample(row: Buffer, index: number, depth: number): number {
  if (depth === 8) return row[index];
  if (depth === 16) return row.readUInt16BE(index * 2);
  const bit = index * depth;
  return (row[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
}

/** The whole image as 8-bit RGB over white. */
function decode(png: Buffer): { header: Header; rgb: Buffer } {
  const { header, palette, transparency, data } = readChunks(png);
  const { width, depth, colorType } = header;
  const channels = CHANNELS[colorType];
  const bitsPerPixel = channels * depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const passes = passesOf(header);
  const expected = passes.reduce((sum, pass) => sum + pass.h * rowBytes(pass.w, bitsPerPixel), 0);
  let raw: Buffer;
  try {
    raw = inflateSync(data, { maxOutputLength: expected });
  } catch {
    throw new PngError('the image data does not unpack to the size its header gives');
  }
  if (raw.length !== expected)
    throw new PngError('the image data does not unpack to the size its header gives');

  const rgb = Buffer.alloc(width * header.height * 3, 0xff);
  const max = (1 << depth) - 1;
  const to8 = (value: number) =>
    depth === 16 ? value >> 8 : depth === 8 ? value : Math.round((value * 255) / max);
  const key = (i: number) =>
    transparency && transparency.length >= i * 2 + 2 ? transparency.readUInt16BE(i * 2) : -1;
  let offset = 0;
  for (const pass of passes) {
    const stride = rowBytes(pass.w, bitsPerPixel);
    const rows = unfilter(raw, offset, pass.h, stride, bpp);
    offset += pass.h * stride;
    rows.forEach((row, r) => {
      const y = pass.y + r * pass.dy;
      for (let c = 0; c < pass.w; c++) {
        const s = (n: number) => sample(row, c * channels + n, depth);
        let red: number;
        let green: number;
        let blue: number;
        let alpha = 255;
        if (colorType === 3) {
          const index = s(0);
          if (!palette || index * 3 + 2 >= palette.length)
            throw new PngError('a pixel names no palette colour');
          [red, green, blue] = [palette[index * 3], palette[index * 3 + 1], palette[index * 3 + 2]];
          alpha = transparency && index < transparency.length ? transparency[index] : 255;
        } else if (colorType === 0 || colorType === 4) {
          red = green = blue = to8(s(0));
          if (colorType === 4) alpha = to8(s(1));
          else if (s(0) === key(0)) alpha = 0;
        } else {
          [red, green, blue] = [to8(s(0)), to8(s(1)), to8(s(2))];
          if (colorType === 6) alpha = to8(s(3));
          else if (s(0) === key(0) && s(1) === key(1) && s(2) === key(2)) alpha = 0;
        }
        const at = (y * width + pass.x + c * pass.dx) * 3;
        const over = (value: number) => Math.round((value * alpha + 255 * (255 - alpha)) / 255);
        rgb[at] = over(red);
        rgb[at + 1] = over(green);
        rgb[at + 2] = over(blue);
      }
    });
  }
  return { header, rgb };
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The PNG as an 8-bit RGB, non-interlaced PNG over white; throws PngError when it cannot be read. */
export function flattenPng(png: Buffer): Buffer {
  const { header, rgb } = decode(png);
  const { width, height } = header;
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) rgb.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
