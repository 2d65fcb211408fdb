/**
 * The company logo printed on documents: a PNG or a JPEG under 1 MB, told by
 * its first bytes (a name or a MIME type is only a claim), at most 4000 pixels
 * a side and 4 million pixels in all, read from the header before anything is
 * decoded — a small PNG can claim a huge image that inflates to gigabytes.
 * A PNG is decoded and written plain (`png-flatten.ts`); then pdfkit itself
 * must place it, so a broken file is refused when it is chosen, not when an
 * invoice is sent.
 */
import { LOGO_MAX_BYTES, type CompanyLogo } from '../../../contract/index.js';
import { invalid } from '../errors.js';
import { flattenPng, PngError } from './png-flatten.js';
import { pdfDocumentClass } from './pdfkit-lazy.js';

export const LOGO_MAX_SIDE = 4000;
export const LOGO_MAX_PIXELS = 4_000_000;

export interface LogoImage {
  type: 'png' | 'jpeg';
  /** The file as chosen (the window's preview). */
  bytes: Buffer;
  /** What documents embed: a JPEG as it is, a PNG flattened. */
  printable: Buffer;
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const refuse = (message: string) => invalid([{ path: 'logo', message }]);

function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  // The IHDR chunk comes first: length 13, then width and height, big-endian.
  if (bytes.length < 33 || bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    return undefined;
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The frame header (SOF0–SOF15 but DHT, JPG and DAC) names the size; markers before it are skipped by their lengths. */
function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (at + 9 > bytes.length) return undefined;
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    if (marker === 0xda || length < 2) return undefined;
    at += 2 + length;
  }
  return undefined;
}

function typeOf(bytes: Buffer): 'png' | 'jpeg' | undefined {
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/** Throws unless pdfkit can place the image; the page is thrown away. */
function placeable(bytes: Buffer): boolean {
  try {
    const doc = new (pdfDocumentClass())({ size: 'A4', info: { CreationDate: new Date(0) } });
    doc.image(bytes, 0, 0, { fit: [160, 64] });
    return true;
  } catch {
    return false;
  }
}

/** The logo from the file's bytes, or a 422 naming the Logo field with what is wrong. */
export function checkLogo(bytes: Buffer): LogoImage {
  if (bytes.length >= LOGO_MAX_BYTES) {
    throw refuse(
      `must be under 1 MB; this file has ${bytes.length.toLocaleString('en-US')} bytes: choose a smaller PNG or JPEG`,
    );
  }
  const type = typeOf(bytes);
  if (!type) throw refuse('must be a PNG or JPEG image; this file is neither (whatever its name says)');
  const size = type === 'png' ? pngSize(bytes) : jpegSize(bytes);
  if (!size) {
    throw refuse(`could not be read as a ${type.toUpperCase()} image: save it again from an image editor`);
  }
  const { width, height } = size;
  if (
    width < 1 ||
    height < 1 ||
    width > LOGO_MAX_SIDE ||
    height > LOGO_MAX_SIDE ||
    width * height > LOGO_MAX_PIXELS
  ) {
    throw refuse(
      `must be at most ${LOGO_MAX_SIDE} × ${LOGO_MAX_SIDE} pixels (4 million in all); this one is ${width} × ${height}: scale it down`,
    );
  }
  const unreadable = () =>
    refuse(`could not be read as a ${type.toUpperCase()} image: save it again from an image editor`);
  let printable = bytes;
  if (type === 'png') {
    try {
      printable = flattenPng(bytes);
    } catch (err) {
      if (err instanceof PngError) throw unreadable();
      throw err;
    }
  }
  if (!placeable(printable)) throw unreadable();
  return { type, bytes, printable, width, height };
}

/** The file as the window sends it: base64, maybe as a data URL (whose type claim is ignored). */
export function decodeLogo(text: string): Buffer {
  const base64 = text.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    throw refuse('must be a PNG or JPEG image; this file is neither (whatever its name says)');
  }
  return Buffer.from(base64, 'base64');
}

export const logoAnswer = (logo: LogoImage): CompanyLogo => ({
  type: logo.type,
  size: logo.bytes.length,
  width: logo.width,
  height: logo.height,
});
