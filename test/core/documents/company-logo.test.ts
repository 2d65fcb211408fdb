import { deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixture, failure, type Fixture } from '../../support/core.js';
import { assemblePng, ihdr, JPEG, palettePng, pngChunk, rgbPng } from '../../support/images.js';
import { pdfImages } from '../../support/pdf-text.js';

let f: Fixture;
let clientId: string;
beforeEach(async () => {
  f = createFixture();
  clientId = (await f.call('clients.create', { name: 'Ada Lovelace' })).id;
});
afterEach(() => f.core.close());

const setLogo = (bytes: Buffer | null) =>
  f.call('company.setLogo', { logo: bytes === null ? null : bytes.toString('base64') });

async function draftPdf(): Promise<Buffer> {
  const invoice = await f.call('invoices.create', {
    clientId,
    items: [{ description: 'Design', quantity: 1, unitPrice: 1000, taxRate: 19 }],
  });
  return f.core.documents.file(invoice.id).bytes;
}

/** The 422 for the Logo field, with exactly this message. */
async function refused(bytes: Buffer | string, message: string): Promise<void> {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('base64');
  const error = await failure(f.call('company.setLogo', { logo: text }));
  expect(error).toEqual({
    status: 422,
    code: 'validation_failed',
    message,
    details: { fields: [{ path: 'logo', message }] },
  });
  expect((await f.call('company.logo', {})).logo).toBeNull();
}

const NEITHER = 'Logo: must be a PNG or JPEG image; this file is neither (whatever its name says)';
const UNREADABLE_PNG = 'Logo: could not be read as a PNG image: save it again from an image editor';

describe('the company logo', () => {
  it('takes a PNG with transparency, interlaced, and prints it on the documents', async () => {
    const png = rgbPng(40, 20, (x, y) => [x * 6, y * 12, 200, x < 20 ? 255 : 0], {
      alpha: true,
      interlace: true,
    });
    const { logo } = await setLogo(png);
    expect(logo).toMatchObject({ type: 'png', size: png.length, width: 40, height: 20 });
    expect((await f.call('company.logo', {})).logo).toEqual(logo);
    expect(pdfImages(await draftPdf())).toEqual(['40 20']);
  });

  it('takes a JPEG, a palette PNG with a transparent colour, and none (null)', async () => {
    expect((await setLogo(JPEG)).logo).toMatchObject({ type: 'jpeg', size: 543 });
    const [jpeg] = pdfImages(await draftPdf());
    expect(jpeg).toMatch(/^\d+ \d+$/);
    expect((await setLogo(palettePng(9, 5))).logo).toMatchObject({ type: 'png', width: 9, height: 5 });
    expect(pdfImages(await draftPdf())).toEqual(['9 5']);
    expect(await setLogo(null)).toEqual({ logo: null });
    expect(pdfImages(await draftPdf())).toEqual([]);
  });

  it('does not change a sent invoice', async () => {
    const invoice = await f.call('invoices.create', {
      clientId,
      items: [{ description: 'Design', quantity: 1, unitPrice: 1000, taxRate: 19 }],
    });
    await f.call('invoices.send', { id: invoice.id });
    const asSent = f.core.documents.file(invoice.id).bytes;
    await setLogo(JPEG);
    expect(f.core.documents.file(invoice.id).bytes.equals(asSent)).toBe(true);
  });

  it('refuses what is not a PNG or JPEG by its bytes, whatever the name or type claims', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    await refused(gif, NEITHER);
    await refused(`data:image/png;base64,${gif.toString('base64')}`, NEITHER);
    await refused(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), NEITHER);
    await refused('this is not base64 at all!', NEITHER);
    await refused(Buffer.alloc(0), NEITHER);
  });

  it('refuses a file of 1 MB or more', async () => {
    const big = Buffer.concat([Buffer.from([0]), JPEG, Buffer.alloc(1_000_000 - JPEG.length - 1)]);
    await refused(
      big,
      'Logo: must be under 1 MB; this file has 1,000,000 bytes: choose a smaller PNG or JPEG',
    );
    expect((await setLogo(big.subarray(1))).logo).toMatchObject({ type: 'jpeg', size: 999_999 });
  });

  it('refuses a PNG that claims a huge image before inflating anything (decompression bomb)', async () => {
    // 100,000 × 100,000 RGBA would inflate to 40 GB; the header alone refuses it.
    const claimed = assemblePng(
      ihdr(100_000, 100_000, 8, 6),
      pngChunk('IDAT', deflateSync(Buffer.alloc(10))),
    );
    await refused(
      claimed,
      'Logo: must be at most 4000 × 4000 pixels (4 million in all); this one is 100000 × 100000: scale it down',
    );
    await refused(
      assemblePng(ihdr(3000, 3000, 8, 2), pngChunk('IDAT', deflateSync(Buffer.alloc(10)))),
      'Logo: must be at most 4000 × 4000 pixels (4 million in all); this one is 3000 × 3000: scale it down',
    );
    // Within the limits by its header, but its data inflates past what the header allows: stopped there.
    const bomb = assemblePng(ihdr(1000, 1000, 8, 6), pngChunk('IDAT', deflateSync(Buffer.alloc(20_000_000))));
    expect(bomb.length).toBeLessThan(1_000_000);
    await refused(bomb, UNREADABLE_PNG);
  });

  it('refuses broken PNGs and JPEGs with a 422, never a crash', async () => {
    const good = rgbPng(4, 4, () => [1, 2, 3, 128], { alpha: true });
    const idat = good.indexOf('IDAT');
    const corrupt = Buffer.from(good);
    corrupt.fill(0x55, idat + 4, idat + 14); // the zlib stream's start
    await refused(corrupt, UNREADABLE_PNG);
    const badFilter = assemblePng(ihdr(2, 2, 8, 6), pngChunk('IDAT', deflateSync(Buffer.alloc(2 * 9, 7))));
    await refused(badFilter, UNREADABLE_PNG);
    await refused(good.subarray(0, idat + 20), UNREADABLE_PNG); // cut short
    await refused(good.subarray(0, 20), UNREADABLE_PNG); // the header cut short
    await refused(assemblePng(ihdr(4, 4, 3, 2)), UNREADABLE_PNG); // a bit depth RGB cannot have
    await refused(
      Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
      'Logo: could not be read as a JPEG image: save it again from an image editor',
    );
    // Nothing broke: a good logo is still taken afterwards.
    expect((await setLogo(good)).logo).toMatchObject({ width: 4, height: 4 });
  });
});
