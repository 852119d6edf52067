/**
 * Views of a head over fewer positions: tokens hidden (special tokens, or the first token that
 * soaks up most of the weight), or subword pieces merged into whole words.
 */

import type { Architecture, HeadMatrix, Token } from '../model/types';
import { checkIndex, checkSquare, normaliseRows } from './shape';

export interface HiddenAttention {
  /** kept.length x kept.length, row-major, each row renormalised over the kept keys. */
  matrix: HeadMatrix;
  /** The original positions that remain, ascending; row and column i stand for kept[i]. */
  kept: number[];
  /**
   * Rows (indices into `kept`) whose query put all its weight on hidden tokens. Nothing is
   * left to renormalise, so they stay zero; the page should mark them rather than draw blanks.
   */
  emptyRows: number[];
}

/** Removes the hidden positions as queries and as keys, then renormalises each row. */
export function hidePositions(
  matrix: HeadMatrix,
  seqLen: number,
  hidden: Iterable<number>,
): HiddenAttention {
  checkSquare(matrix, seqLen, 'hidePositions');
  const hiddenSet = new Set(hidden);
  for (const position of hiddenSet) checkIndex(position, seqLen, 'hidePositions, position');

  const kept: number[] = [];
  for (let position = 0; position < seqLen; position++) {
    if (!hiddenSet.has(position)) kept.push(position);
  }

  const size = kept.length;
  const reduced = new Float32Array(size * size);
  kept.forEach((q, row) => {
    kept.forEach((k, column) => {
      reduced[row * size + column] = matrix[q * seqLen + k];
    });
  });
  const emptyRows = size > 0 ? normaliseRows(reduced, size) : [];
  return { matrix: reduced, kept, emptyRows };
}

/** Positions of the tokenizer's special tokens, such as [CLS], [SEP] or <|endoftext|>. */
export function specialPositions(tokens: readonly Token[]): number[] {
  const positions: number[] = [];
  tokens.forEach((token, position) => {
    if (token.special) positions.push(position);
  });
  return positions;
}

/** Shown beside the word view, so that readers know how its numbers were made. */
export const WORD_MERGE_RULE =
  'Subword pieces are merged into words: the weight from one word to another is the sum of ' +
  "the weights on the second word's pieces, averaged over the first word's pieces. " +
  'Each row still sums to one.';

export interface MergedAttention {
  /** numWords x numWords, row-major, [query word][key word]. */
  matrix: HeadMatrix;
  numWords: number;
}

/**
 * Merges pieces into words by WORD_MERGE_RULE. `wordOf[t]` is the word of token t; words are
 * numbered 0..numWords-1 and each must have at least one piece.
 */
export function mergeWords(
  matrix: HeadMatrix,
  seqLen: number,
  wordOf: readonly number[],
): MergedAttention {
  checkSquare(matrix, seqLen, 'mergeWords');
  if (wordOf.length !== seqLen) {
    throw new Error(
      `mergeWords: expected a word for each of ${seqLen} tokens, got ${wordOf.length}`,
    );
  }
  const numWords = Math.max(...wordOf) + 1;
  const piecesPerWord = new Array<number>(numWords).fill(0);
  for (const word of wordOf) {
    checkIndex(word, numWords, 'mergeWords, word');
    piecesPerWord[word]++;
  }
  const missing = piecesPerWord.indexOf(0);
  if (missing >= 0) throw new Error(`mergeWords: word ${missing} has no pieces`);

  // Sums in doubles, then one division per cell, so long words lose no precision.
  const sums = new Float64Array(numWords * numWords);
  for (let q = 0; q < seqLen; q++) {
    for (let k = 0; k < seqLen; k++) {
      sums[wordOf[q] * numWords + wordOf[k]] += matrix[q * seqLen + k];
    }
  }
  const merged = new Float32Array(numWords * numWords);
  for (let i = 0; i < merged.length; i++) {
    merged[i] = sums[i] / piecesPerWord[Math.floor(i / numWords)];
  }
  return { matrix: merged, numWords };
}

/**
 * How a tokenizer marks word boundaries. 'wordpiece' (BERT, DistilBERT) writes '##' before a
 * piece that continues a word; 'space-prefix' (GPT-2 and RoBERTa byte-level BPE) folds the
 * space before a word into its first piece.
 */
export type PieceStyle = 'wordpiece' | 'space-prefix';

export function pieceStyleOf(architecture: Architecture): PieceStyle {
  return architecture === 'bert' || architecture === 'distilbert' ? 'wordpiece' : 'space-prefix';
}

/**
 * The word of each token, numbered from 0 in reading order, ready for mergeWords.
 *
 * A special token is a word of its own, and the piece after it always starts a new word.
 * Otherwise a WordPiece token continues the previous word when its raw piece starts with
 * '##' (its display text has the marks removed already); a space-prefix token starts a new
 * word when its text begins with whitespace, a newline included, or when the piece before it
 * is only whitespace, so that "\nThe" splits into a newline and a word.
 */
export function wordGroups(tokens: readonly Token[], style: PieceStyle): number[] {
  const wordOf: number[] = [];
  let word = -1;
  tokens.forEach((token, position) => {
    const previous = position > 0 ? tokens[position - 1] : null;
    const continues =
      previous !== null &&
      !previous.special &&
      !token.special &&
      (style === 'wordpiece'
        ? token.piece.startsWith('##')
        : !/^\s/.test(token.text) && /\S/.test(previous.text));
    if (!continues) word++;
    wordOf.push(word);
  });
  return wordOf;
}

/** The display text of each word: its pieces' texts joined, as labels for the merged view. */
export function wordTexts(tokens: readonly Token[], wordOf: readonly number[]): string[] {
  const texts: string[] = [];
  tokens.forEach((token, position) => {
    const word = wordOf[position];
    texts[word] = (texts[word] ?? '') + token.text;
  });
  return texts;
}
