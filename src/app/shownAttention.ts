/**
 * The attention the heatmap views draw: the model's, optionally value-weighted, with special
 * tokens or the first token hidden and subword pieces merged into words. Predictions, the
 * mechanism and the head statistics keep reading the untouched forward result.
 */
import { useMemo } from 'react';
import type { Architecture, ForwardResult, HeadMatrix, Token } from '../model/types';
import { valueWeighted } from '../analysis/aggregate';
import {
  hidePositions,
  mergeWords,
  pieceStyleOf,
  specialPositions,
  wordGroups,
  wordTexts,
  type PieceStyle,
} from '../analysis/tokens';

export interface ViewOptions {
  hideSpecial: boolean;
  hideFirst: boolean;
  mergeWords: boolean;
  valueWeighted: boolean;
}

export interface ShownAttention {
  /** Tokens or merged words, one per row and column of every matrix. */
  tokens: Token[];
  seqLen: number;
  /** [layer][head], each seqLen x seqLen row-major, [query][key]. */
  attention: HeadMatrix[][];
  /** For each shown position, the original positions it stands for. */
  sources: number[][];
  /** Shown positions (queries) left with no weight because all of it fell on hidden keys. */
  emptyRows: number[];
}

/**
 * How the tokenizer marks words, read from the tokens where they tell: the architecture alone
 * can mislead, since a BERT-architecture model may ship a byte-level BPE tokenizer. A piece
 * whose text starts with whitespace only happens with space-prefixed pieces, and a raw piece
 * starting with '##' only with WordPiece; otherwise the architecture's usual tokenizer decides.
 */
export function pieceStyleFor(tokens: readonly Token[], architecture: Architecture): PieceStyle {
  const words = tokens.filter((token) => !token.special);
  if (words.some((token) => /^\s/.test(token.text))) return 'space-prefix';
  if (words.some((token) => token.piece.startsWith('##'))) return 'wordpiece';
  return pieceStyleOf(architecture);
}

/** Hides, then merges, every head with the same positions; see ShownAttention. */
export function shownAttention(
  result: ForwardResult,
  architecture: Architecture,
  options: ViewOptions,
): ShownAttention {
  let attention = options.valueWeighted
    ? result.attention.map((heads, layer) =>
        heads.map((p, head) => valueWeighted(p, result.valueNorms[layer][head], result.seqLen)),
      )
    : result.attention;

  const hidden = new Set<number>();
  if (options.hideSpecial) {
    // A mask token is special to the tokenizer but is the position a masked model fills, so it
    // stays; [CLS], [SEP] and the like go.
    specialPositions(result.tokens)
      .filter((p) => !/mask/i.test(result.tokens[p].piece))
      .forEach((p) => hidden.add(p));
  }
  if (options.hideFirst) hidden.add(0);
  // Hiding every token would leave nothing to draw; the page then shows them all.
  if (hidden.size >= result.seqLen) hidden.clear();

  let tokens = result.tokens;
  let seqLen = result.seqLen;
  let sources = tokens.map((_, position) => [position]);
  let emptyRows: number[] = [];
  if (hidden.size > 0) {
    const kept = result.tokens.map((_, p) => p).filter((p) => !hidden.has(p));
    const rows = new Set<number>();
    attention = attention.map((heads) =>
      heads.map((p) => {
        const reduced = hidePositions(p, seqLen, hidden);
        reduced.emptyRows.forEach((row) => rows.add(row));
        return reduced.matrix;
      }),
    );
    tokens = kept.map((p) => result.tokens[p]);
    sources = kept.map((p) => [p]);
    seqLen = kept.length;
    emptyRows = [...rows].sort((a, b) => a - b);
  }

  if (options.mergeWords) {
    const wordOf = wordGroups(tokens, pieceStyleFor(tokens, architecture));
    const texts = wordTexts(tokens, wordOf);
    const merged: number[][] = texts.map(() => []);
    wordOf.forEach((word, position) => merged[word].push(...sources[position]));
    const pieceTokens = tokens;
    attention = attention.map((heads) =>
      heads.map((p) => mergeWords(p, pieceTokens.length, wordOf).matrix),
    );
    // A merged word keeps the first piece's id, so hover titles still point at the vocabulary.
    tokens = texts.map((text, word) => {
      const first = pieceTokens[wordOf.indexOf(word)];
      return { ...first, text, piece: text };
    });
    sources = merged;
    seqLen = texts.length;
    // A word is empty only when every one of its pieces was.
    const emptyPieces = new Set(emptyRows);
    emptyRows = texts
      .map((_, word) => word)
      .filter((word) => wordOf.every((w, piece) => w !== word || emptyPieces.has(piece)));
  }

  return { tokens, seqLen, attention, sources, emptyRows };
}

/** shownAttention, recomputed only when the result or one of the options changes. */
export function useShownAttention(
  result: ForwardResult | null,
  architecture: Architecture,
  options: ViewOptions,
): ShownAttention | null {
  const { hideSpecial, hideFirst, valueWeighted: weighted } = options;
  const merge = options.mergeWords;
  return useMemo(
    () =>
      result &&
      shownAttention(result, architecture, {
        hideSpecial,
        hideFirst,
        mergeWords: merge,
        valueWeighted: weighted,
      }),
    [result, architecture, hideSpecial, hideFirst, merge, weighted],
  );
}

/** The shown row standing for the model's token `position`, or null when it is hidden. */
export function shownIndex(shown: ShownAttention, position: number | null): number | null {
  if (position === null) return null;
  const index = shown.sources.findIndex((sources) => sources.includes(position));
  return index >= 0 ? index : null;
}

/** The model's first token behind shown row `index`, so other views can highlight it. */
export function sourcePosition(shown: ShownAttention, index: number | null): number | null {
  return index === null ? null : (shown.sources[index]?.[0] ?? null);
}
