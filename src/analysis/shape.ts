/**
 * Shape checks shared by the analysis functions. A wrong seqLen would otherwise read weights
 * from the wrong rows without any error, so every entry point checks before it computes.
 */

import type { HeadMatrix } from '../model/types';

/** Throws unless `matrix` holds seqLen x seqLen weights and seqLen is a positive integer. */
export function checkSquare(matrix: HeadMatrix, seqLen: number, what: string): void {
  if (!Number.isInteger(seqLen) || seqLen < 1) {
    throw new Error(`${what}: seqLen must be a positive integer, got ${seqLen}`);
  }
  if (matrix.length !== seqLen * seqLen) {
    throw new Error(
      `${what}: expected ${seqLen} x ${seqLen} = ${seqLen * seqLen} weights, ` +
        `got ${matrix.length}`,
    );
  }
}

/** Throws unless `index` is an integer in [0, size). */
export function checkIndex(index: number, size: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new Error(`${what}: ${index} is outside 0..${size - 1}`);
  }
}

/**
 * Scales each row of a seqLen x seqLen matrix in place so that it sums to one. A row whose
 * mass is zero cannot be scaled, so it stays zero and its index is returned.
 */
export function normaliseRows(matrix: HeadMatrix, seqLen: number): number[] {
  const emptyRows: number[] = [];
  for (let q = 0; q < seqLen; q++) {
    const row = matrix.subarray(q * seqLen, (q + 1) * seqLen);
    let mass = 0;
    for (let k = 0; k < seqLen; k++) mass += row[k];
    if (mass > 0) {
      for (let k = 0; k < seqLen; k++) row[k] /= mass;
    } else {
      emptyRows.push(q);
    }
  }
  return emptyRows;
}

/** A seqLen x seqLen matrix as nested [query][key] arrays, for JSON output. */
export function toRows(matrix: HeadMatrix, seqLen: number): number[][] {
  checkSquare(matrix, seqLen, 'toRows');
  return Array.from({ length: seqLen }, (_, q) =>
    Array.from(matrix.subarray(q * seqLen, (q + 1) * seqLen)),
  );
}
