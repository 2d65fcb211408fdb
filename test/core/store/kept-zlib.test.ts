/**
 * The kept zlib handles (store/kept-zlib.ts) give exactly what the one-shot calls give: the same
 * deflated bytes (a packed row is the same whichever wrote it), the same text back, the same errors.
 */
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DICTIONARY_2 } from '../../../main/core/store/event-data.js';
import { KeptRawZlib } from '../../../main/core/store/kept-zlib.js';

const options = { dictionary: DICTIONARY_2 };

/** Texts of many sizes and kinds, in an order that makes each call follow a different one. */
function texts(): string[] {
  const out: string[] = ['', 'a', '{"id":"tsk_01","title":"","description":"","status":"open"}'];
  for (let i = 0; i < 200; i++) {
    const words = Array.from({ length: 1 + ((i * 7) % 60) }, (_, j) => `word${(i * j) % 97} “ü” \u2028`);
    out.push(JSON.stringify({ id: `tsk_${i}`, title: words.join(' '), n: i, items: words.slice(0, i % 9) }));
    out.push(randomBytes(1 + ((i * 37) % 700)).toString('base64'));
  }
  out.push('x'.repeat(200_000)); // the deflated text fits, the inflated one does not: the one-shot serves
  out.push(randomBytes(40_000).toString('latin1')); // does not fit deflated either
  return out;
}

describe('the kept raw deflate and inflate', () => {
  it('deflates to the bytes deflateRawSync gives, call after call', () => {
    const zlib = new KeptRawZlib(DICTIONARY_2);
    // On this Node the kept handles serve (else every call would be the one-shot's, and slow).
    expect(zlib.kept()).toBe(true);
    for (const text of texts()) expect(zlib.deflate(text).equals(deflateRawSync(text, options))).toBe(true);
  });

  it('inflates what either wrote back to the text, call after call', () => {
    const zlib = new KeptRawZlib(DICTIONARY_2);
    for (const text of texts()) {
      expect(zlib.inflate(deflateRawSync(text, options))).toBe(text);
      expect(zlib.inflate(zlib.deflate(text))).toBe(text);
    }
  });

  it('throws what inflateRawSync throws on broken input, and works on after it', () => {
    const zlib = new KeptRawZlib(DICTIONARY_2);
    const good = deflateRawSync('{"title":"Draft the homepage copy","status":"open"}', options);
    const truncated = good.subarray(0, good.length - 3);
    const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x01]);
    for (const broken of [truncated, garbage]) {
      let expected: unknown;
      try {
        inflateRawSync(broken, options);
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(Error);
      expect(() => zlib.inflate(broken)).toThrow((expected as Error).message);
      expect(zlib.inflate(good)).toBe('{"title":"Draft the homepage copy","status":"open"}');
    }
  });

  it('needs the dictionary it was made with, as the one-shot call does', () => {
    const packed = new KeptRawZlib(DICTIONARY_2).deflate(JSON.stringify({ id: 'tsk_01', status: 'open', title: '' }));
    const other = new KeptRawZlib(Buffer.from('{"something":"else"}'));
    expect(() => other.inflate(packed)).toThrow();
  });
});
