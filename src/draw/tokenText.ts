/**
 * Token text made visible: whitespace and control characters would otherwise draw as nothing,
 * and a person could not tell ' the' from 'the'.
 */

const VISIBLE: Record<string, string> = {
  ' ': '·',
  '\n': '↵',
  '\r': '␍',
  '\t': '⇥',
};

/** Returns the token text with spaces, newlines, tabs and other control characters shown. */
export function visibleText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (VISIBLE[char]) out += VISIBLE[char];
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else out += char;
  }
  return out === '' ? '∅' : out;
}

/** Shortens a label for axes with many tokens, keeping it recognisable. */
export function shortLabel(text: string, maxChars = 10): string {
  const visible = visibleText(text);
  const chars = Array.from(visible);
  return chars.length > maxChars ? chars.slice(0, maxChars - 1).join('') + '…' : visible;
}
