/**
 * Text as the PDF's standard fonts can show it. pdfkit's Helvetica speaks
 * WinAnsi (Latin-1 and a few more, € among them): any other character would
 * come out as stray glyphs, so it is printed as "?"; control characters go,
 * line breaks and tabs become plain breaks and spaces; the thin spaces Intl
 * puts in some amounts become no-break spaces.
 */

/** The WinAnsi characters beyond Latin-1 (0x80–0x9F). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const THIN_SPACES = /[\u2007\u2009\u202f]/g;
const SPACES = /[\t\u2000-\u200a\u2028\u2029\u3000]/g;
// Control characters (but the line break), soft hyphens, zero-width and direction marks, the BOM.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2060-\u206f\ufeff]/g;

export function printable(value: string): string {
  const cleaned = value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(THIN_SPACES, '\u00a0')
    .replace(SPACES, ' ')
    .replace(INVISIBLE, '');
  let out = '';
  for (const char of cleaned) {
    const code = char.codePointAt(0) ?? 0;
    out += code <= 0xff || WIN_ANSI_EXTRA.has(char) ? char : '?';
  }
  return out;
}
