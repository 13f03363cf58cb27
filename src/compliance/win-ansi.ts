/**
 * The PDF renderer uses the 14 standard PDF fonts, which nothing needs to embed and every reader
 * has, but which only cover Windows-1252 ("WinAnsi"). Text is brought into that set before it is
 * drawn: common mathematical and typographic signs get an ASCII spelling, accented letters outside
 * the set lose their accents, and anything else becomes `?`, so a character is never silently
 * drawn as a different one.
 */

// The characters Windows-1252 has in 0x80–0x9F, beyond Latin-1.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const SPELLED: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '≈': '~',
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '⇄': '<->',
  '⇒': '=>',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '′': "'",
  '″': '"',
  '✓': 'yes',
  '✗': 'no',
  '∞': 'infinity',
  'λ': 'lambda',
  'α': 'alpha',
  'β': 'beta',
  'σ': 'sigma',
  'μ': 'µ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2007': ' ',
  '\u200b': '',
  '\t': '    ',
};

const inSet = (ch: string): boolean => {
  const code = ch.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || code === 0x0a || CP1252_EXTRA.has(ch);
};

export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    if (inSet(ch)) out += ch;
    else if (ch in SPELLED) out += SPELLED[ch];
    else {
      const stripped = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += stripped && [...stripped].every(inSet) ? stripped : '?';
    }
  }
  return out;
}
