import { describe, expect, it } from 'vitest';
import {
  klDivergence,
  logitsRow,
  logSoftmax,
  softmax,
  topK,
} from '../../../src/analysis/predictions';
import { DOUBLE_TOLERANCE, expectAllClose, expectClose } from './close';

describe('softmax', () => {
  it('turns logits 0 and ln 3 into 1/4 and 3/4', () => {
    expectAllClose(softmax([0, Math.log(3)]), [0.25, 0.75], DOUBLE_TOLERANCE);
  });

  it('is unchanged by shifts large enough to overflow or underflow exp', () => {
    expectAllClose(softmax([1000, 1000 + Math.log(3)]), [0.25, 0.75], DOUBLE_TOLERANCE);
    expectAllClose(
      softmax([-1000, -1000, -1000, -1000]),
      [0.25, 0.25, 0.25, 0.25],
      DOUBLE_TOLERANCE,
    );
  });

  it('gives a masked logit of -Infinity probability 0', () => {
    expectAllClose(softmax(new Float32Array([0, -Infinity])), [1, 0], 0);
    expect(logSoftmax([0, -Infinity])[1]).toBe(-Infinity);
  });

  it('throws when there is no finite logit', () => {
    expect(() => softmax([])).toThrow(/no logits/);
    expect(() => softmax([-Infinity])).toThrow(/largest logit is -Infinity/);
  });
});

describe('logitsRow', () => {
  it('reads one position of a seqLen x vocabSize matrix', () => {
    const logits = new Float32Array([1, 2, 3, 4, 5, 6]);
    expect([...logitsRow(logits, 3, 1)]).toEqual([4, 5, 6]);
    expect(() => logitsRow(logits, 3, 2)).toThrow(/2 is outside 0..1/);
    expect(() => logitsRow(logits, 4, 0)).toThrow(/rows of 4/);
    expect(() => logitsRow(new Float32Array(0), 3, 0)).toThrow(/no logits/);
  });
});

describe('topK', () => {
  const probabilities = [0.1, 0.4, 0.2, 0.4, 0.3];

  it('returns the most probable ids first, the lower id first on a tie', () => {
    expect(topK(probabilities, 3)).toEqual([
      { id: 1, probability: 0.4 },
      { id: 3, probability: 0.4 },
      { id: 4, probability: 0.3 },
    ]);
  });

  it('returns every id when k exceeds the vocabulary, and none when k is 0', () => {
    expect(topK(probabilities, 9).map((t) => t.id)).toEqual([1, 3, 4, 2, 0]);
    expect(topK(probabilities, 0)).toEqual([]);
    expect(() => topK(probabilities, 1.5)).toThrow(/whole number/);
  });
});

describe('klDivergence', () => {
  // p = (1/2, 1/2), q = (1/4, 3/4): KL = 1/2 ln 2 + 1/2 ln (2/3) = 1/2 ln (4/3).
  const before = [0, 0];
  const after = [0, Math.log(3)];

  it('is measured in nats by default', () => {
    expectClose(klDivergence(before, after), 0.5 * Math.log(4 / 3), DOUBLE_TOLERANCE);
  });

  it('is measured in bits on request', () => {
    expectClose(klDivergence(before, after, 'bits'), 0.5 * Math.log2(4 / 3), DOUBLE_TOLERANCE);
  });

  it('is 0 for the same predictions, even when the logits are shifted', () => {
    expect(klDivergence([1, 2, 3], [11, 12, 13])).toBeLessThanOrEqual(DOUBLE_TOLERANCE);
    expect(klDivergence([1, 2, 3], [1, 2, 3])).toBe(0);
  });

  it('skips tokens impossible before and is infinite for tokens impossible after', () => {
    // p = (1, 0), q = (1/2, 1/2): only the first term counts, ln 2.
    expectClose(klDivergence([0, -Infinity], [0, 0]), Math.log(2), DOUBLE_TOLERANCE);
    expect(klDivergence([0, 0], [0, -Infinity])).toBe(Infinity);
  });

  it('throws when the vocabularies differ', () => {
    expect(() => klDivergence([0, 0], [0, 0, 0])).toThrow(/2 logits before, 3 after/);
  });
});
