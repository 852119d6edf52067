import { useMemo } from 'react';
import type { HeadMatrix } from '../model/types';
import type { ColorTransform, SequentialScheme } from '../draw/colors';
import { schemeTable } from '../draw/colors';
import { matrixMax, type PaintOptions } from '../draw/heatmap';
import type { HeadStats, StatName } from '../analysis/stats';
import type { Normalization } from '../app/settings';
import type { HeadAtlas } from '../app/headAtlas';
import { HeadCanvas } from './HeadCanvas';
import { ScaleLegend } from './ScaleLegend';
import { useGridKeys } from './useGridKeys';
import { StatBadges } from './StatBadges';

// Heads shrink to fit a wide model on screen, and stop growing where a few would fill it.
const CELL_TRACK = 'minmax(0, 180px)';

interface ModelGridProps {
  /** The attention drawn, [layer][head], each seqLen x seqLen row-major. */
  attention: HeadMatrix[][];
  seqLen: number;
  causal: boolean;
  scheme: SequentialScheme;
  transform: ColorTransform;
  normalization: Normalization;
  selected: { layer: number; head: number };
  /** The heads to draw with their live figures, in the order drawn. */
  heads: readonly HeadStats[];
  /** The statistic the heads are sorted by; null keeps the layer-by-head grid. */
  sortedBy: StatName | null;
  /** Atlas labels of a built-in model, or null. */
  atlas: HeadAtlas | null;
  /** Called when a head is clicked, to open it. */
  onOpen: (layer: number, head: number) => void;
}

/**
 * Every head at once with its live figures. In layer order, rows are layers and columns heads,
 * and heads filtered out leave a gap; sorted, the heads flow in the order of the statistic.
 * Each cell carries its layer and head, since its place no longer says which head it is.
 */
export function ModelGrid(props: ModelGridProps) {
  const { attention, seqLen, causal, scheme, transform, normalization, selected } = props;
  const { heads, sortedBy, atlas, onOpen } = props;
  const numHeads = attention[0]?.length ?? 0;
  const keys = useGridKeys();

  const globalMax = useMemo(
    () => Math.max(...attention.flat().map((m) => matrixMax(m))),
    [attention],
  );

  const cell = (stats: HeadStats) => {
    const { layer, head } = stats;
    const matrix = attention[layer][head];
    const max =
      normalization === 'row' ? 'row' : normalization === 'all' ? globalMax : matrixMax(matrix);
    const paint: PaintOptions = { table: schemeTable(scheme), transform, causal, max };
    const isSelected = selected.layer === layer && selected.head === head;
    return (
      <div key={`${layer}-${head}`} className="grid-item" data-layer={layer} data-head={head}>
        <button
          type="button"
          className={isSelected ? 'grid-cell selected' : 'grid-cell'}
          aria-label={`Open layer ${layer} head ${head}`}
          onClick={() => onOpen(layer, head)}
        >
          <HeadCanvas
            matrix={matrix}
            seqLen={seqLen}
            paint={paint}
            label={`Attention of layer ${layer} head ${head}`}
          />
        </button>
        <span className="cell-label">
          L{layer} H{head}
        </span>
        <StatBadges
          stats={stats}
          emphasised={sortedBy}
          atlas={atlas?.get(`${layer}:${head}`) ?? null}
        />
      </div>
    );
  };

  const legend = (
    <ScaleLegend
      scheme={scheme}
      transform={transform}
      normalization={normalization}
      max={normalization === 'all' ? globalMax : null}
    />
  );

  // Layer order: a label row and column, and a gap where a head is filtered out.
  const layered = () => {
    const shown = new Map(heads.map((stats) => [`${stats.layer}:${stats.head}`, stats]));
    return [
      <span key="corner" />,
      ...Array.from({ length: numHeads }, (_, head) => (
        <span key={`h${head}`} className="grid-label">
          H{head}
        </span>
      )),
      ...attention.flatMap((layerHeads, layer) => [
        <span key={`l${layer}`} className="grid-label">
          L{layer}
        </span>,
        ...layerHeads.map((_, head) => {
          const stats = shown.get(`${layer}:${head}`);
          return stats ? cell(stats) : <span key={`${layer}-${head}`} className="grid-gap" />;
        }),
      ]),
    ];
  };
  const sorted = sortedBy !== null;
  const cells = sorted ? heads.map(cell) : layered();
  const columns = sorted
    ? `repeat(${Math.max(numHeads, 1)}, ${CELL_TRACK})`
    : `auto repeat(${numHeads}, ${CELL_TRACK})`;

  return (
    <>
      {legend}
      <div
        {...keys}
        role="group"
        aria-label="All heads; arrow keys move between heads"
        className={sorted ? 'model-grid sorted' : 'model-grid'}
        data-testid="model-grid"
        style={{ gridTemplateColumns: columns }}
      >
        {cells}
      </div>
    </>
  );
}
