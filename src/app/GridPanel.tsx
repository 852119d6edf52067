import { memo, useMemo } from 'react';
import type { ForwardResult } from '../model/types';
import { filterHeads, headStats, sortHeads } from '../analysis/stats';
import { GridControls, type GridOrder } from '../views/GridControls';
import { ModelGrid } from '../views/ModelGrid';
import { sameApartFromText, type Settings } from './settings';
import type { ShownAttention } from './shownAttention';
import { useHeadAtlas } from './headAtlas';
import './toolkit.css';
import { builtinModelUrl } from './builtinModels';

interface GridPanelProps {
  /** The forward result; the head statistics are computed from its untouched attention. */
  result: ForwardResult;
  /** The attention as drawn, after hiding, merging and value weighting. */
  shown: ShownAttention;
  causal: boolean;
  settings: Settings;
  update: (patch: Partial<Settings>) => void;
  /** True for a model shipped with the page, whose folder may hold a head atlas. */
  builtin: boolean;
}

/** The model grid with its statistics badges, sorted and filtered as the settings say. */
export const GridPanel = memo(function GridPanel(props: GridPanelProps) {
  const { result, shown, causal, settings, update, builtin } = props;
  const atlas = useHeadAtlas(builtin ? builtinModelUrl(settings.model) : null);
  const stats = useMemo(() => headStats(result.attention, result.seqLen), [result]);
  const order: GridOrder = {
    sortBy: settings.gridSort,
    direction: settings.gridSortDirection,
    filterBy: settings.gridFilter,
    min: settings.gridFilterMin,
    max: settings.gridFilterMax,
  };
  const heads = useMemo(() => {
    const kept = filterHeads(stats, settings.gridFilter, {
      min: settings.gridFilterMin ?? undefined,
      max: settings.gridFilterMax ?? undefined,
    });
    return settings.gridSort
      ? sortHeads(kept, settings.gridSort, settings.gridSortDirection)
      : kept;
  }, [
    stats,
    settings.gridFilter,
    settings.gridFilterMin,
    settings.gridFilterMax,
    settings.gridSort,
    settings.gridSortDirection,
  ]);

  const onOrder = (patch: Partial<GridOrder>) =>
    update({
      ...('sortBy' in patch && { gridSort: patch.sortBy ?? null }),
      ...(patch.direction && { gridSortDirection: patch.direction }),
      ...(patch.filterBy && { gridFilter: patch.filterBy }),
      ...('min' in patch && { gridFilterMin: patch.min ?? null }),
      ...('max' in patch && { gridFilterMax: patch.max ?? null }),
    });

  return (
    <section className="grid-panel" aria-label="All heads">
      <GridControls
        order={order}
        onChange={onOrder}
        shownCount={heads.length}
        totalCount={stats.length}
      />
      <ModelGrid
        attention={shown.attention}
        seqLen={shown.seqLen}
        causal={causal}
        scheme={settings.scheme}
        transform={settings.transform}
        normalization={settings.normalization}
        selected={{ layer: settings.layer, head: settings.head }}
        heads={heads}
        sortedBy={settings.gridSort}
        atlas={atlas}
        onOpen={(layer, head) => update({ layer, head, view: 'head' })}
      />
    </section>
  );
}, sameApartFromText);
