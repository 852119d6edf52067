import { describe, expect, it } from 'vitest';
import { headColor } from '../../../src/draw/colors';

describe('headColor', () => {
  it.each([4, 10, 12, 16, 25])('gives each of %i heads its own colour', (numHeads) => {
    const colours = Array.from({ length: numHeads }, (_, head) => headColor(head, numHeads));
    expect(new Set(colours).size).toBe(numHeads);
  });

  it('alternates lightness so neighbouring heads differ in two ways', () => {
    const lightness = (colour: string) => /(\d+)%\)$/.exec(colour)?.[1];
    expect(lightness(headColor(0, 12))).not.toBe(lightness(headColor(1, 12)));
  });
});
