import type { SortDirection, StatName } from '../analysis/stats';
import { STAT_NAMES, isStatName } from '../analysis/stats';
import { STAT_LABELS } from './StatBadges';

export interface GridOrder {
  sortBy: StatName | null;
  direction: SortDirection;
  filterBy: StatName;
  /** Inclusive bounds on `filterBy`; null leaves that side open. */
  min: number | null;
  max: number | null;
}

interface GridControlsProps {
  /** How the grid is ordered and filtered now. */
  order: GridOrder;
  /** Called with the parts of the order that changed. */
  onChange: (patch: Partial<GridOrder>) => void;
  /** Heads drawn after filtering, and heads in the model. */
  shownCount: number;
  totalCount: number;
}

function bound(text: string): number | null {
  const value = Number(text);
  return text.trim() === '' || !Number.isFinite(value) ? null : value;
}

/** Sorts and filters the model grid by any of the five head statistics. */
export function GridControls({ order, onChange, shownCount, totalCount }: GridControlsProps) {
  const statOptions = STAT_NAMES.map((name) => (
    <option key={name} value={name} title={STAT_LABELS[name].long}>
      {name}
    </option>
  ));

  return (
    <div className="grid-controls" data-testid="grid-controls">
      <label>
        Sort by{' '}
        <select
          aria-label="Sort heads by"
          value={order.sortBy ?? ''}
          onChange={(e) => onChange({ sortBy: isStatName(e.target.value) ? e.target.value : null })}
        >
          <option value="">layer and head</option>
          {statOptions}
        </select>
      </label>
      <select
        aria-label="Sort direction"
        value={order.direction}
        disabled={order.sortBy === null}
        onChange={(e) => onChange({ direction: e.target.value as SortDirection })}
      >
        <option value="descending">highest first</option>
        <option value="ascending">lowest first</option>
      </select>
      <label>
        Show heads with{' '}
        <select
          aria-label="Filter heads by"
          value={order.filterBy}
          onChange={(e) => isStatName(e.target.value) && onChange({ filterBy: e.target.value })}
        >
          {statOptions}
        </select>
      </label>
      <label>
        from{' '}
        <input
          type="number"
          step="any"
          aria-label="Filter minimum"
          value={order.min ?? ''}
          onChange={(e) => onChange({ min: bound(e.target.value) })}
        />
      </label>
      <label>
        to{' '}
        <input
          type="number"
          step="any"
          aria-label="Filter maximum"
          value={order.max ?? ''}
          onChange={(e) => onChange({ max: bound(e.target.value) })}
        />
      </label>
      <span className="hint" data-testid="grid-count">
        {shownCount} of {totalCount} heads · figures are for this text, before hiding or merging
      </span>
    </div>
  );
}
