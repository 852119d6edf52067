import { useMemo } from 'react';
import type { HeadMatrix, Token } from '../model/types';
import type { Alignment } from '../analysis/compare';
import { alignedDifference, difference, divergingDomain } from '../analysis/compare';
import { useExportedMatrices } from '../export/viewData';
import type { ColorTransform, SequentialScheme } from '../draw/colors';
import { divergingInterpolator, sequentialInterpolator } from '../draw/colors';
import type { Normalization } from '../app/settings';
import { Legend } from './Legend';
import { MatrixPanel, type MatrixColouring } from './MatrixPanel';

/** One side of a comparison: a matrix, the tokens that label it, and a title. */
export interface CompareSide {
  title: string;
  tokens: readonly Token[];
  matrix: HeadMatrix;
}

interface CompareViewProps {
  /** Left side. */
  a: CompareSide;
  /** Right side, or null while the second text is still running. */
  b: CompareSide | null;
  /** 'texts' aligns the two token lists; 'heads' compares position by position. */
  mode: 'texts' | 'heads';
  alignment: Alignment;
  scheme: SequentialScheme;
  transform: ColorTransform;
  /** 'row' scales each row to its largest weight; otherwise each matrix to its own. */
  normalization: Normalization;
  causal: boolean;
}

const ALIGNMENT_NOTE: Record<Alignment, string> = {
  position: 'Tokens are paired by position, over the length of the shorter text.',
  prefix: 'Only the leading tokens the two texts share are compared.',
};

/** Two matrices side by side and their difference, first minus second, on a diverging scale. */
export function CompareView({
  a,
  b,
  mode,
  alignment,
  scheme,
  transform,
  normalization,
  causal,
}: CompareViewProps) {
  const diff = useMemo(() => {
    if (!b) return null;
    if (mode === 'heads') {
      return { matrix: difference(a.matrix, b.matrix, a.tokens.length), tokens: a.tokens };
    }
    const aligned = alignedDifference(a, b, alignment);
    // Where the texts differ, the label names both tokens so the row is read correctly.
    const tokens = a.tokens
      .slice(0, aligned.seqLen)
      .map((token, position) =>
        aligned.sameToken[position]
          ? token
          : { ...token, text: `${token.text}/${b.tokens[position].text}` },
      );
    return { matrix: aligned.matrix, tokens };
  }, [a, b, mode, alignment]);

  const exported = useMemo(
    () =>
      [
        { name: a.title, tokens: a.tokens, weights: a.matrix },
        ...(b ? [{ name: b.title, tokens: b.tokens, weights: b.matrix }] : []),
        ...(diff
          ? [{ name: 'difference, first minus second', ...diff, weights: diff.matrix }]
          : []),
      ].map(({ name, tokens, weights }) => ({ name, layer: null, head: null, tokens, weights })),
    [a, b, diff],
  );
  useExportedMatrices(exported);

  const weights: MatrixColouring = useMemo(
    () => ({ kind: 'weights', scheme, transform, causal, rowNormalized: normalization === 'row' }),
    [scheme, transform, causal, normalization],
  );
  const domain = useMemo(() => (diff ? divergingDomain(diff.matrix) : [-1, 0, 1]), [diff]);
  const signed: MatrixColouring = useMemo(
    () => ({ kind: 'difference', limit: domain[2] }),
    [domain],
  );

  return (
    <section className="compare-view" aria-label="Comparison">
      <div className="panel-row">
        <MatrixPanel
          title={a.title}
          tokens={a.tokens}
          matrix={a.matrix}
          colouring={weights}
          testId="compare-a"
        />
        {b ? (
          <MatrixPanel
            title={b.title}
            tokens={b.tokens}
            matrix={b.matrix}
            colouring={weights}
            testId="compare-b"
          />
        ) : (
          <p className="hint">Running the second text…</p>
        )}
        {diff && diff.tokens.length > 0 && (
          <MatrixPanel
            title="Difference, first minus second"
            tokens={diff.tokens}
            matrix={diff.matrix}
            colouring={signed}
            testId="compare-difference"
          />
        )}
        {diff && diff.tokens.length === 0 && (
          <p className="hint">The two texts share no leading tokens, so nothing is compared.</p>
        )}
      </div>
      <Legend
        interpolate={sequentialInterpolator(scheme)}
        domain={[0, 1]}
        transform={transform}
        title={
          normalization === 'row' ? 'weight ÷ largest weight of its row' : 'weight ÷ matrix max'
        }
      />
      {diff && (
        <Legend
          interpolate={divergingInterpolator('rdbu')}
          domain={[domain[0], domain[2]]}
          transform="linear"
          title="difference: red where the first is higher, blue where the second is"
          width={360}
        />
      )}
      {mode === 'texts' && <p className="hint">{ALIGNMENT_NOTE[alignment]}</p>}
    </section>
  );
}
