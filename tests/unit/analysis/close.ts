import { expect } from 'vitest';

/** Matrices come back as Float32Array, whose rounding of values such as 1/3 is about 3e-8. */
export const FLOAT32_TOLERANCE = 1e-6;

/** Results computed in doubles from exact inputs. */
export const DOUBLE_TOLERANCE = 1e-12;

export function expectAllClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tolerance: number,
): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => {
    const error = Math.abs(actual[i] - value);
    expect(error, `index ${i}: got ${actual[i]}, expected ${value}`).toBeLessThanOrEqual(tolerance);
  });
}

export function expectClose(actual: number, expected: number, tolerance: number): void {
  const error = Math.abs(actual - expected);
  expect(error, `got ${actual}, expected ${expected}`).toBeLessThanOrEqual(tolerance);
}
