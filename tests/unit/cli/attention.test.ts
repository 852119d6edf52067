import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const MODEL = 'public/models/tiny-gpt2';
const TEXT = 'The cat sat on the mat.';
// The command line prints float32 results; references below are computed in doubles.
const TOLERANCE = 1e-5;

interface Printed {
  tokens: { id: number; text: string }[];
  attention: number[][][][];
  heads?: {
    layer: number;
    head: number;
    entropy: number;
    distance: number;
    previousToken: number;
    firstToken: number;
    self: number;
  }[];
  rollout?: number[][];
}

function runCli(...flags: string[]): Printed {
  const stdout = execFileSync(
    'node_modules/.bin/tsx',
    ['scripts/attention.ts', '--model', MODEL, '--text', TEXT, ...flags],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Printed;
}

/** The definitions, written out plainly over nested [query][key] arrays. */
function referenceStats(p: number[][]) {
  const n = p.length;
  const mean = (f: (q: number) => number, from = 0) => {
    let sum = 0;
    for (let q = from; q < n; q++) sum += f(q);
    return sum / (n - from);
  };
  return {
    entropy: mean((q) => -p[q].reduce((s, w) => s + (w > 0 ? w * Math.log2(w) : 0), 0)),
    distance: mean((q) => p[q].reduce((s, w, k) => s + w * Math.abs(q - k), 0)),
    previousToken: n > 1 ? mean((q) => p[q][q - 1], 1) : 0,
    firstToken: mean((q) => p[q][0]),
    self: mean((q) => p[q][q]),
  };
}

function referenceRollout(attention: number[][][][]): number[][] {
  const n = attention[0][0].length;
  let product: number[][] | null = null;
  for (const heads of attention) {
    const layer = Array.from({ length: n }, (_, q) =>
      Array.from({ length: n }, (_, k) => {
        const mean = heads.reduce((s, p) => s + p[q][k], 0) / heads.length;
        return 0.5 * mean + (q === k ? 0.5 : 0);
      }),
    );
    const rows = layer.map((row) => {
      const mass = row.reduce((s, w) => s + w, 0);
      return row.map((w) => w / mass);
    });
    const previous: number[][] | null = product;
    product = previous
      ? rows.map((row) =>
          Array.from({ length: n }, (_, k) => row.reduce((s, w, j) => s + w * previous[j][k], 0)),
        )
      : rows;
  }
  if (!product) throw new Error('no layers');
  return product;
}

describe('the attention command line', () => {
  it('adds head statistics with --stats and rollout with --rollout', () => {
    const printed = runCli('--stats', '--rollout');
    const numLayers = printed.attention.length;
    const numHeads = printed.attention[0].length;
    const n = printed.tokens.length;

    expect(printed.heads).toHaveLength(numLayers * numHeads);
    for (const stats of printed.heads ?? []) {
      const expected = referenceStats(printed.attention[stats.layer][stats.head]);
      for (const [name, value] of Object.entries(expected)) {
        const got = stats[name as keyof typeof expected];
        expect(Math.abs(got - value), `${name} of ${stats.layer}:${stats.head}`).toBeLessThan(
          TOLERANCE,
        );
      }
    }

    const expected = referenceRollout(printed.attention);
    expect(printed.rollout).toHaveLength(n);
    printed.rollout?.forEach((row, q) => {
      expect(row).toHaveLength(n);
      row.forEach((value, k) => expect(Math.abs(value - expected[q][k])).toBeLessThan(TOLERANCE));
      expect(Math.abs(row.reduce((s, w) => s + w, 0) - 1)).toBeLessThan(TOLERANCE);
    });
  });

  it('prints neither section without the flags', () => {
    const printed = runCli();
    expect(printed).not.toHaveProperty('heads');
    expect(printed).not.toHaveProperty('rollout');
  });
});
