/** The reference is only as good as its erf: check it against published values. */

import { describe, expect, it } from 'vitest';
import { erf } from './referenceMath';

describe('reference erf', () => {
  // Values from Abramowitz and Stegun, table 7.1, and standard tables to 16 digits.
  it.each([
    [0, 0],
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [2.5, 0.999593047982555],
    [3, 0.9999779095030014],
    [-1.5, -0.9661051464753108],
    [5, 0.9999999999984626],
  ])('erf(%f) = %f', (x, expected) => {
    expect(Math.abs(erf(x) - expected)).toBeLessThan(1e-14);
  });
});
