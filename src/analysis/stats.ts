/**
 * What one head does, in five numbers. Each statistic is a mean over queries, so heads from
 * texts of different lengths stay comparable, and each is computed from the weights alone.
 *
 * p is one head's attention: row q is a query, column k a key, n = seqLen.
 */

import type { HeadMatrix } from '../model/types';
import { checkSquare } from './shape';

export interface HeadStats {
  layer: number;
  head: number;
  /** Mean over queries of -sum_k p[q][k] log2 p[q][k], in bits; 0 log 0 counts as 0. */
  entropy: number;
  /** Mean over queries of sum_k p[q][k] |q - k|, in token positions. */
  distance: number;
  /** Mean over queries q >= 1 of p[q][q - 1]; 0 when seqLen is 1. */
  previousToken: number;
  /** Mean over queries of p[q][0]. */
  firstToken: number;
  /** Mean over queries of p[q][q]. */
  self: number;
}

export type StatName = Exclude<keyof HeadStats, 'layer' | 'head'>;

/** In the order the page lists them. */
export const STAT_NAMES: readonly StatName[] = [
  'entropy',
  'distance',
  'previousToken',
  'firstToken',
  'self',
];

export type SortDirection = 'ascending' | 'descending';

/** For settings read back from a URL, where any string may turn up. */
export function isStatName(name: string): name is StatName {
  return (STAT_NAMES as readonly string[]).includes(name);
}

/** The five statistics of one head's seqLen x seqLen matrix, in one pass over its weights. */
export function statsOf(p: HeadMatrix, seqLen: number): Record<StatName, number> {
  checkSquare(p, seqLen, 'statsOf');
  let entropy = 0;
  let distance = 0;
  let previousToken = 0;
  let firstToken = 0;
  let self = 0;

  for (let q = 0; q < seqLen; q++) {
    const row = q * seqLen;
    for (let k = 0; k < seqLen; k++) {
      const weight = p[row + k];
      if (weight > 0) entropy -= weight * Math.log2(weight);
      distance += weight * Math.abs(q - k);
    }
    if (q >= 1) previousToken += p[row + q - 1];
    firstToken += p[row];
    self += p[row + q];
  }

  // With one token no query has a previous token, so no weight can fall on one. Reporting 0
  // rather than NaN keeps the figure sortable and survives JSON, where NaN becomes null.
  return {
    entropy: entropy / seqLen,
    distance: distance / seqLen,
    previousToken: seqLen > 1 ? previousToken / (seqLen - 1) : 0,
    firstToken: firstToken / seqLen,
    self: self / seqLen,
  };
}

/** Statistics for every head, layer by layer and head by head within a layer. */
export function headStats(attention: HeadMatrix[][], seqLen: number): HeadStats[] {
  const all: HeadStats[] = [];
  attention.forEach((heads, layer) => {
    heads.forEach((p, head) => {
      checkSquare(p, seqLen, `headStats, layer ${layer} head ${head}`);
      all.push({ layer, head, ...statsOf(p, seqLen) });
    });
  });
  return all;
}

/**
 * A sorted copy. Heads with equal values keep layer-then-head order, so the badges do not
 * shuffle between runs when several heads tie (common for firstToken near 1).
 */
export function sortHeads(
  heads: readonly HeadStats[],
  by: StatName,
  direction: SortDirection = 'descending',
): HeadStats[] {
  const sign = direction === 'descending' ? -1 : 1;
  return [...heads].sort((a, b) => sign * (a[by] - b[by]) || a.layer - b.layer || a.head - b.head);
}

export interface StatRange {
  /** Inclusive lower bound; no bound when absent. */
  min?: number;
  /** Inclusive upper bound; no bound when absent. */
  max?: number;
}

/** The heads whose statistic lies within the range, in their original order. */
export function filterHeads(
  heads: readonly HeadStats[],
  by: StatName,
  range: StatRange,
): HeadStats[] {
  const min = range.min ?? -Infinity;
  const max = range.max ?? Infinity;
  return heads.filter((stats) => stats[by] >= min && stats[by] <= max);
}
