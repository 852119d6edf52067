import type { HeadStats, StatName } from '../analysis/stats';
import { STAT_NAMES } from '../analysis/stats';
import type { AtlasEntry } from '../app/headAtlas';

/** Short badge names and the definitions shown when the pointer rests on one. */
export const STAT_LABELS: Record<StatName, { short: string; long: string }> = {
  entropy: { short: 'H', long: 'entropy: mean over queries of -Σ p log₂ p, in bits' },
  distance: { short: 'dist', long: 'distance: mean over queries of Σ p·|query − key|' },
  previousToken: { short: 'prev', long: 'previous token: mean weight on the key just before' },
  firstToken: { short: 'first', long: 'first token: mean weight on the key at position 0' },
  self: { short: 'self', long: 'self: mean weight a query puts on its own position' },
};

function atlasTitle(atlas: AtlasEntry): string {
  const scores = Object.entries(atlas.scores).map(
    ([name, score]) => `${name.replace(/_/g, ' ')}: ${Number(score.toFixed(4))}`,
  );
  return ['From the model’s head atlas, measured over a corpus:', ...scores, ...atlas.notes].join(
    '\n',
  );
}

interface StatBadgesProps {
  /** The head's live figures for the current text. */
  stats: HeadStats;
  /** The statistic the grid is sorted by, drawn stronger; null for none. */
  emphasised: StatName | null;
  /** The head's entry in the model's atlas, when the model ships one. */
  atlas: AtlasEntry | null;
}

/** The five live figures of one head as small badges, and its atlas labels beside them. */
export function StatBadges({ stats, emphasised, atlas }: StatBadgesProps) {
  return (
    <div className="stat-badges">
      {STAT_NAMES.map((name) => (
        <span
          key={name}
          className={name === emphasised ? 'stat-badge emphasised' : 'stat-badge'}
          title={`${STAT_LABELS[name].long} = ${stats[name].toFixed(4)}`}
          data-stat={name}
          data-value={stats[name]}
        >
          {STAT_LABELS[name].short} {stats[name].toFixed(2)}
        </span>
      ))}
      {atlas && atlas.labels.length > 0 && (
        <span className="atlas-label" data-testid="atlas-label" title={atlasTitle(atlas)}>
          atlas: {atlas.labels.join(', ')}
        </span>
      )}
    </div>
  );
}
