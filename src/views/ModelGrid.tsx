import { useMemo } from 'react';
import type { ForwardResult } from '../model/types';
import type { ColorTransform, SequentialScheme } from '../draw/colors';
import { schemeTable } from '../draw/colors';
import { matrixMax, type PaintOptions } from '../draw/heatmap';
import type { Normalization } from '../app/settings';
import { HeadCanvas } from './HeadCanvas';

interface ModelGridProps {
  result: ForwardResult;
  causal: boolean;
  scheme: SequentialScheme;
  transform: ColorTransform;
  normalization: Normalization;
  selected: { layer: number; head: number };
  /** Called when a head is clicked, to open it. */
  onOpen: (layer: number, head: number) => void;
}

/** Every layer and head at once: rows are layers, columns heads. */
export function ModelGrid(props: ModelGridProps) {
  const { result, causal, scheme, transform, normalization, selected, onOpen } = props;
  const numHeads = result.attention[0]?.length ?? 0;

  const globalMax = useMemo(
    () => Math.max(...result.attention.flat().map((m) => matrixMax(m))),
    [result],
  );

  const paintFor = (matrix: Float32Array): PaintOptions => ({
    table: schemeTable(scheme),
    transform,
    causal,
    max:
      normalization === 'row' ? 'row' : normalization === 'all' ? globalMax : matrixMax(matrix),
  });

  return (
    <div
      className="model-grid"
      data-testid="model-grid"
      style={{ gridTemplateColumns: `auto repeat(${numHeads}, minmax(0, 1fr))` }}
    >
      <span />
      {Array.from({ length: numHeads }, (_, head) => (
        <span key={head} className="grid-label">
          H{head}
        </span>
      ))}
      {result.attention.map((heads, layer) => [
        <span key={`l${layer}`} className="grid-label">
          L{layer}
        </span>,
        ...heads.map((matrix, head) => (
          <button
            key={`${layer}-${head}`}
            type="button"
            className={
              selected.layer === layer && selected.head === head ? 'grid-cell selected' : 'grid-cell'
            }
            aria-label={`Open layer ${layer} head ${head}`}
            onClick={() => onOpen(layer, head)}
          >
            <HeadCanvas
              matrix={matrix}
              seqLen={result.seqLen}
              paint={paintFor(matrix)}
              label={`Attention of layer ${layer} head ${head}`}
            />
          </button>
        )),
      ])}
    </div>
  );
}
