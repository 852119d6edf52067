import { describe, expect, it } from 'vitest';
import type { Token } from '../../../src/model/types';
import { describeRow } from '../../../src/views/RowAnnouncer';

const tokens: Token[] = ['The', ' cat', ' sat', '.'].map((text, id) => ({
  id,
  piece: text,
  text,
  special: false,
}));
// 4 x 4, row-major [query][key].
// prettier-ignore
const matrix = new Float32Array([
  1, 0, 0, 0,
  0.3, 0.7, 0, 0,
  0.1, 0.6, 0.3, 0,
  0.4, 0.1, 0.2, 0.3,
]);

describe('the sentence read for a focused query row', () => {
  it.each([
    [0, 'Query 0 The: top keys The (0) 1.00, ·cat (1) 0.00, ·sat (2) 0.00.'],
    [2, 'Query 2 ·sat: top keys ·cat (1) 0.60, ·sat (2) 0.30, The (0) 0.10.'],
    [3, 'Query 3 .: top keys The (0) 0.40, . (3) 0.30, ·sat (2) 0.20.'],
  ])('reads row %i as %j', (query, sentence) => {
    expect(describeRow(tokens, matrix, query)).toBe(sentence);
  });

  it('reads fewer keys when the text is shorter than three tokens', () => {
    const two = tokens.slice(0, 2);
    const small = new Float32Array([1, 0, 0.25, 0.75]);
    const sentence = 'Query 1 ·cat: top keys ·cat (1) 0.75, The (0) 0.25.';
    expect(describeRow(two, small, 1)).toBe(sentence);
  });
});
