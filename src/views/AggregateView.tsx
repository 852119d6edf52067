import { useMemo } from 'react';
import type { HeadMatrix, Token } from '../model/types';
import type { HeadRef } from '../analysis/aggregate';
import { layerMax, layerMean, maxHeads, meanHeads } from '../analysis/aggregate';
import type { ColorTransform, SequentialScheme } from '../draw/colors';
import { sequentialInterpolator } from '../draw/colors';
import type { AggregateScope } from '../app/settings';
import { HeadToggles, toggled } from './HeadToggles';
import type { Normalization } from '../app/settings';
import { Legend } from './Legend';
import { useExportedMatrices } from '../export/viewData';
import { MatrixPanel, type MatrixColouring } from './MatrixPanel';

interface AggregateViewProps {
  /** Tokens (or words) labelling the shown attention. */
  tokens: readonly Token[];
  /** The attention as drawn, [layer][head]. */
  attention: HeadMatrix[][];
  /** Rollout through layers 0..layer, already hidden or merged like the other heatmaps. */
  rollout: HeadMatrix;
  layer: number;
  scope: AggregateScope;
  onScope: (scope: AggregateScope) => void;
  /** Heads folded in the 'heads' scope, as `${layer}:${head}`. */
  heads: readonly string[];
  onHeads: (heads: string[]) => void;
  scheme: SequentialScheme;
  transform: ColorTransform;
  /** 'row' scales each row to its largest weight; otherwise each matrix to its own. */
  normalization: Normalization;
  causal: boolean;
}

export const ROLLOUT_RULE =
  'Rollout: the heads of each layer are averaged, the identity is added for the residual ' +
  'stream (0.5·A + 0.5·I) and each row renormalised; the layers are then multiplied from ' +
  'the first up, so each row shows how much a query draws on each input token.';

/** Mean and max over chosen heads or a whole layer, and attention rollout across layers. */
export function AggregateView(props: AggregateViewProps) {
  const { tokens, attention, rollout, layer, scope, onScope, heads, onHeads } = props;
  const { scheme, transform, normalization, causal } = props;
  const seqLen = tokens.length;
  const numLayers = attention.length;
  const numHeads = attention[0]?.length ?? 0;

  const refs: HeadRef[] = useMemo(
    () =>
      heads
        .map((key) => key.split(':').map(Number))
        .filter(([l, h]) => l < numLayers && h < numHeads)
        .map(([l, h]) => ({ layer: l, head: h })),
    [heads, numLayers, numHeads],
  );
  const folded = useMemo(() => {
    if (scope === 'layer') {
      return { mean: layerMean(attention, layer, seqLen), max: layerMax(attention, layer, seqLen) };
    }
    if (scope === 'heads' && refs.length > 0) {
      return { mean: meanHeads(attention, refs, seqLen), max: maxHeads(attention, refs, seqLen) };
    }
    return null;
  }, [scope, attention, layer, refs, seqLen]);

  const colouring: MatrixColouring = useMemo(
    () => ({ kind: 'weights', scheme, transform, causal, rowNormalized: normalization === 'row' }),
    [scheme, transform, causal, normalization],
  );
  const what = scope === 'layer' ? `the heads of layer ${layer}` : `${refs.length} heads`;
  const exported = useMemo(() => {
    const matrix = (name: string, weights: HeadMatrix) => ({
      name,
      layer: null,
      head: null,
      tokens,
      weights,
    });
    if (scope === 'rollout') return [matrix(`rollout through layers 0-${layer}`, rollout)];
    if (!folded) return null;
    return [matrix(`mean over ${what}`, folded.mean), matrix(`max over ${what}`, folded.max)];
  }, [scope, rollout, folded, what, layer, tokens]);
  useExportedMatrices(exported);

  return (
    <section className="aggregate-view" aria-label="Aggregate attention">
      <div className="toolkit-controls">
        {(['layer', 'heads', 'rollout'] as const).map((s) => (
          <button key={s} type="button" aria-pressed={scope === s} onClick={() => onScope(s)}>
            {s === 'layer' ? `Layer ${layer}` : s === 'heads' ? 'Chosen heads' : 'Rollout'}
          </button>
        ))}
      </div>
      {scope === 'heads' && (
        <HeadToggles
          numLayers={numLayers}
          numHeads={numHeads}
          active={new Set(heads)}
          onToggle={(key) => onHeads(toggled(heads, key))}
          label="Heads to fold"
        />
      )}
      {scope === 'heads' && refs.length === 0 && (
        <p className="hint">Choose one or more heads above to see their mean and max.</p>
      )}
      {folded && (
        <div className="panel-row">
          <MatrixPanel
            title={`Mean over ${what}`}
            tokens={tokens}
            matrix={folded.mean}
            colouring={colouring}
            testId="aggregate-mean"
          />
          <MatrixPanel
            title={`Max over ${what}`}
            tokens={tokens}
            matrix={folded.max}
            colouring={colouring}
            testId="aggregate-max"
          />
        </div>
      )}
      {folded && (
        <p className="hint">
          The mean keeps each row summing to one; the max shows whether any of the heads looks at a
          key, so its rows are not renormalised.
        </p>
      )}
      {scope === 'rollout' && (
        <>
          <MatrixPanel
            title={`Rollout through layers 0–${layer}`}
            tokens={tokens}
            matrix={rollout}
            colouring={colouring}
            testId="rollout"
          />
          <p className="hint" data-testid="rollout-rule">
            {ROLLOUT_RULE} Pick the layer above to stop the product there. It uses the model’s
            attention before value weighting; hiding and merging are applied to the product.
          </p>
        </>
      )}
      <Legend
        interpolate={sequentialInterpolator(scheme)}
        domain={[0, 1]}
        transform={transform}
        title={
          normalization === 'row' ? 'weight ÷ largest weight of its row' : 'weight ÷ matrix max'
        }
      />
    </section>
  );
}
