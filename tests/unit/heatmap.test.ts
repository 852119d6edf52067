import { describe, expect, it } from 'vitest';
import { paintMatrix } from '../../src/draw/heatmap';
import { schemeTable, transformValue } from '../../src/draw/colors';
import type { ColorTransform } from '../../src/draw/colors';
import type { PaintOptions } from '../../src/draw/heatmap';

/** Node has no ImageData; paintMatrix only reads `data`. */
function image(size: number): ImageData {
  return { data: new Uint8ClampedArray(size * size * 4), width: size, height: size } as ImageData;
}

/** The colour of each cell, worked out one channel at a time from the definition. */
function expected(matrix: Float32Array, size: number, options: PaintOptions): number[] {
  const out: number[] = [];
  const masked = options.maskedColor ?? [128, 128, 128];
  for (let q = 0; q < size; q++) {
    const row = Array.from(matrix.subarray(q * size, (q + 1) * size));
    const max = options.max === 'row' ? Math.max(0, ...row) : options.max;
    for (let k = 0; k < size; k++) {
      if (options.causal && k > q) {
        out.push(...masked, 255);
        continue;
      }
      const c = Math.round(transformValue(row[k], max, options.transform) * 255) * 4;
      out.push(...options.table.subarray(c, c + 3), 255);
    }
  }
  return out;
}

const SIZE = 9;
const matrix = Float32Array.from({ length: SIZE * SIZE }, (_, i) => ((i * 37) % 11) / 23);
matrix[5] = 0;
matrix[6] = -0.2;

describe('paintMatrix', () => {
  const cases: { transform: ColorTransform; max: number | 'row'; causal: boolean }[] = [
    { transform: 'linear', max: 'row', causal: true },
    { transform: 'linear', max: 0.3, causal: false },
    { transform: 'linear', max: 0, causal: false },
    { transform: 'sqrt', max: 'row', causal: true },
    { transform: 'log', max: 0.5, causal: false },
  ];
  for (const { transform, max, causal } of cases) {
    it(`paints ${transform}, max ${max}, ${causal ? 'causal' : 'full'} like the definition`, () => {
      const options: PaintOptions = { table: schemeTable('viridis'), transform, max, causal };
      const painted = image(SIZE);
      paintMatrix(painted, matrix, SIZE, options);
      expect(Array.from(painted.data)).toEqual(expected(matrix, SIZE, options));
    });
  }
});
