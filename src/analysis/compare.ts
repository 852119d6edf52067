/**
 * Two heads, or one head on two texts, as a single difference matrix for a diverging scale.
 */

import type { HeadMatrix, Token } from '../model/types';
import { checkSquare } from './shape';

/** a - b, cell by cell, for two matrices of the same seqLen. */
export function difference(a: HeadMatrix, b: HeadMatrix, seqLen: number): HeadMatrix {
  checkSquare(a, seqLen, 'difference, first matrix');
  checkSquare(b, seqLen, 'difference, second matrix');
  const diff = new Float32Array(seqLen * seqLen);
  for (let i = 0; i < diff.length; i++) diff[i] = a[i] - b[i];
  return diff;
}

/** The top-left size x size block of a seqLen x seqLen matrix: queries and keys 0..size-1. */
export function cropMatrix(matrix: HeadMatrix, seqLen: number, size: number): HeadMatrix {
  checkSquare(matrix, seqLen, 'cropMatrix');
  if (!Number.isInteger(size) || size < 0 || size > seqLen) {
    throw new Error(`cropMatrix: size ${size} is outside 0..${seqLen}`);
  }
  const cropped = new Float32Array(size * size);
  for (let q = 0; q < size; q++) {
    cropped.set(matrix.subarray(q * seqLen, q * seqLen + size), q * size);
  }
  return cropped;
}

/** How many leading tokens the two texts share, compared by token id. */
export function commonPrefixLength(a: readonly Token[], b: readonly Token[]): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length].id === b[length].id) length++;
  return length;
}

export interface SideOfComparison {
  matrix: HeadMatrix;
  tokens: readonly Token[];
}

/**
 * 'position' pairs tokens by position and keeps the first min(seqLenA, seqLenB): right for
 * minimal pairs such as "The cat sat" against "The dog sat". 'prefix' keeps only the leading
 * tokens both texts share, so every row and column compares the same token.
 */
export type Alignment = 'position' | 'prefix';

export interface TextDifference {
  /** seqLen x seqLen, first text minus second, over the aligned positions. */
  matrix: HeadMatrix;
  seqLen: number;
  /** Per aligned position, whether both texts have the same token there. */
  sameToken: boolean[];
}

/**
 * The difference of one head on two texts, cropped to the aligned positions. Rows are not
 * renormalised after cropping: in a causal model the crop loses no weight, since no query
 * looks past itself; in a bidirectional model a row may now sum to less than one, because
 * part of its weight fell on tokens beyond the crop, and that loss is itself a difference.
 */
export function alignedDifference(
  a: SideOfComparison,
  b: SideOfComparison,
  alignment: Alignment,
): TextDifference {
  const seqLen =
    alignment === 'prefix'
      ? commonPrefixLength(a.tokens, b.tokens)
      : Math.min(a.tokens.length, b.tokens.length);

  const sameToken: boolean[] = [];
  for (let position = 0; position < seqLen; position++) {
    sameToken.push(a.tokens[position].id === b.tokens[position].id);
  }
  if (seqLen === 0) return { matrix: new Float32Array(0), seqLen, sameToken };

  const matrix = difference(
    cropMatrix(a.matrix, a.tokens.length, seqLen),
    cropMatrix(b.matrix, b.tokens.length, seqLen),
    seqLen,
  );
  return { matrix, seqLen, sameToken };
}

/** The largest finite |value| over one or more matrices; NaN and infinite cells are skipped. */
export function maxAbs(matrices: HeadMatrix | readonly HeadMatrix[]): number {
  const list = matrices instanceof Float32Array ? [matrices] : matrices;
  let largest = 0;
  for (const matrix of list) {
    for (const value of matrix) {
      // Masked scores (-Infinity) and empty cells (NaN) carry no colour of their own.
      const size = Math.abs(value);
      if (Number.isFinite(size) && size > largest) largest = size;
    }
  }
  return largest;
}

/**
 * [-m, 0, m] for a diverging colour scale centred on zero, m the largest |difference|, so
 * equal gains and losses get equally strong colours. Identical matrices give m = 0, which
 * would collapse the scale; they get [-1, 0, 1] and every cell lands on the neutral colour.
 */
export function divergingDomain(
  matrices: HeadMatrix | readonly HeadMatrix[],
): [number, number, number] {
  const largest = maxAbs(matrices);
  const m = largest > 0 ? largest : 1;
  return [-m, 0, m];
}
