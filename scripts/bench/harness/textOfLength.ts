/** Finds text that tokenizes to exactly a given number of tokens, for timing at that length. */

const PROSE =
  'The jury said it did find that the court had been given ample evidence of the charges, ' +
  'and that the city would take steps to look into the matter before the end of the year. ' +
  'Over the long weekend the committee met twice, and each time it came back to the same ' +
  'question of who should pay for the new roads, the schools and the water supply. ';

interface Tokenizes {
  tokenize(text: string): { id: number }[];
}

/**
 * The shortest run of words from a stock of prose that gives `tokens` tokens, trimmed a
 * character at a time when a word overshoots. Falls back to the nearest shorter text.
 */
export function textOfLength(model: Tokenizes, tokens: number): string {
  const words = PROSE.repeat(Math.ceil(tokens / 20) + 1).split(' ');
  let text = '';
  for (const word of words) {
    const next = text === '' ? word : `${text} ${word}`;
    const count = model.tokenize(next).length;
    if (count === tokens) return next;
    if (count > tokens) {
      for (let cut = next.length - 1; cut > text.length; cut--) {
        if (model.tokenize(next.slice(0, cut)).length === tokens) return next.slice(0, cut);
      }
      return text;
    }
    text = next;
  }
  return text;
}
