import { describe, expect, it } from 'vitest';
import { paintMatrix, paintSigned, matrixMax } from '../../../src/draw/heatmap';
import { transformValue } from '../../../src/draw/colors';

/** A grey ramp: entry i is (i, i, i), so painted pixels reveal the index they used. */
const RAMP = new Uint8ClampedArray(256 * 4).map((_, i) => (i % 4 === 3 ? 255 : Math.floor(i / 4)));

function image(width: number, height: number) {
  return { data: new Uint8ClampedArray(width * height * 4), width, height } as ImageData;
}

describe('transformValue', () => {
  it.each([
    [0.25, 1, 'linear', 0.25],
    [0.25, 1, 'sqrt', 0.5],
    [1, 1, 'log', 1],
    [1e-3, 1, 'log', 0],
    [1e-4, 1, 'log', 0],
    [0.5, 0, 'linear', 0],
    [2, 1, 'linear', 1],
  ] as const)('maps %f of max %f under %s to %f', (value, max, transform, expected) => {
    expect(transformValue(value, max, transform)).toBeCloseTo(expected, 6);
  });
});

describe('paintMatrix', () => {
  const matrix = new Float32Array([1, 0, 0.5, 0.5]);

  it('paints each cell from its weight and greys out cells above a causal diagonal', () => {
    const out = image(2, 2);
    paintMatrix(out, matrix, 2, { table: RAMP, transform: 'linear', max: 1, causal: true });
    expect(out.data[0]).toBe(255);
    expect(Array.from(out.data.slice(4, 8))).toEqual([128, 128, 128, 255]);
    expect(out.data[8]).toBe(128);
  });

  it('normalises each row to its own maximum when asked', () => {
    const out = image(2, 2);
    paintMatrix(out, matrix, 2, { table: RAMP, transform: 'linear', max: 'row' });
    expect(out.data[8]).toBe(255);
    expect(out.data[12]).toBe(255);
  });
});

describe('paintSigned', () => {
  it('puts zero in the middle, the limits at the ends and masked cells in grey', () => {
    const out = image(4, 1);
    paintSigned(out, new Float32Array([-2, 0, 2, -Infinity]), 1, 4, RAMP, 2);
    expect([out.data[0], out.data[4], out.data[8]]).toEqual([0, 128, 255]);
    expect(Array.from(out.data.slice(12, 16))).toEqual([128, 128, 128, 255]);
  });
});

describe('matrixMax', () => {
  it('finds the largest value', () => {
    expect(matrixMax(new Float32Array([0.1, 0.7, 0.2]))).toBeCloseTo(0.7);
    expect(matrixMax(new Float32Array([]))).toBe(0);
  });
});
