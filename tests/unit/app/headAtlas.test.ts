import { describe, expect, it } from 'vitest';
import { parseHeadAtlas } from '../../../src/app/headAtlas';

describe('parseHeadAtlas', () => {
  it('reads a list under heads with scores beside layer and head, and a role', () => {
    const atlas = parseHeadAtlas({
      sentences: 10,
      heads: [
        {
          layer: 1,
          head: 0,
          previous_token: 0.07,
          entropy: 3.36,
          pos_relation: { query: 'NOUN', key: 'DET', lift: 1.8 },
          role: 'NOUN -> DET',
        },
      ],
    });
    const entry = atlas.get('1:0');
    expect(entry?.labels).toEqual(['NOUN -> DET']);
    expect(entry?.scores).toEqual({ previous_token: 0.07, entropy: 3.36 });
    expect(entry?.notes).toEqual(['pos relation: query NOUN, key DET, lift 1.8']);
  });

  it('reads a list per layer of lists per head, with labels and nested scores', () => {
    const atlas = parseHeadAtlas([
      [{ labels: ['previous token'], scores: { previousToken: 0.9 } }, { label: 'sink' }],
      [{ labels: [] }],
    ]);
    expect(atlas.get('0:0')?.labels).toEqual(['previous token']);
    expect(atlas.get('0:0')?.scores).toEqual({ previousToken: 0.9 });
    expect(atlas.get('0:1')?.labels).toEqual(['sink']);
    expect(atlas.get('1:0')?.labels).toEqual([]);
  });

  it('skips what it cannot read instead of failing', () => {
    expect(parseHeadAtlas('not an atlas').size).toBe(0);
    expect(parseHeadAtlas({ heads: [null, 3, { head: 1 }] }).size).toBe(0);
  });
});
