import { useMemo, useState } from 'react';
import type { Token } from '../model/types';
import { headColor } from '../draw/colors';
import { visibleText, shortLabel } from '../draw/tokenText';

interface LineViewProps {
  tokens: Token[];
  /** The attention of every head of one layer, each seqLen x seqLen row-major. */
  heads: Float32Array[];
  layer: number;
  /** Heads drawn; the others are hidden but keep their colour. */
  activeHeads: ReadonlySet<number>;
  onToggleHead: (head: number) => void;
  /** Lines below this weight are not drawn. */
  threshold: number;
  /** At most this many keys per query and head are drawn. */
  topK: number;
  /** Called when the person changes the threshold or top-k. */
  onPrune: (patch: { lineThreshold?: number; lineTopK?: number }) => void;
}

interface Link {
  head: number;
  query: number;
  key: number;
  weight: number;
}

const ROW = 20;
const COLUMN_GAP = 220;
const LABEL_WIDTH = 120;
// Room above the first token for the column titles.
const TOP = ROW + 5;

/**
 * Two columns of tokens, queries on the left and keys on the right, joined by one line per
 * weight. Faint lines are pruned: per query and head, only the `topK` heaviest keys are kept,
 * and none below `threshold`.
 */
export function LineView(props: LineViewProps) {
  const { tokens, heads, layer, activeHeads, onToggleHead, threshold, topK, onPrune } = props;
  const [hover, setHover] = useState<{ side: 'query' | 'key'; position: number } | null>(null);
  const seqLen = tokens.length;
  const numHeads = heads.length;

  // TODO: one SVG line per link slows the page once there are several thousand (a long text
  // with many heads and a high top-k); past that, the lines should be painted on a canvas under
  // the SVG labels.
  const links = useMemo(() => {
    const kept: Link[] = [];
    for (const head of activeHeads) {
      const matrix = heads[head];
      if (!matrix) continue;
      for (let query = 0; query < seqLen; query++) {
        const row: Link[] = [];
        for (let key = 0; key < seqLen; key++) {
          const weight = matrix[query * seqLen + key];
          if (weight >= threshold) row.push({ head, query, key, weight });
        }
        row.sort((a, b) => b.weight - a.weight);
        kept.push(...row.slice(0, topK));
      }
    }
    return kept;
  }, [heads, activeHeads, seqLen, threshold, topK]);

  const visible = hover
    ? links.filter((l) => (hover.side === 'query' ? l.query : l.key) === hover.position)
    : links;
  // Opacity is shared among the active heads, so many overlapping heads do not saturate.
  const opacityScale = 1 / Math.sqrt(Math.max(activeHeads.size, 1));
  const height = seqLen * ROW + TOP + 5;
  const width = LABEL_WIDTH * 2 + COLUMN_GAP;

  const label = (side: 'query' | 'key') => (token: Token, position: number) => (
    <text
      key={`${side}-${position}`}
      className={hover?.side === side && hover.position === position ? 'highlighted' : ''}
      x={side === 'query' ? LABEL_WIDTH - 6 : LABEL_WIDTH + COLUMN_GAP + 6}
      y={position * ROW + ROW / 2 + TOP}
      dy="0.35em"
      textAnchor={side === 'query' ? 'end' : 'start'}
      tabIndex={0}
      onPointerEnter={() => setHover({ side, position })}
      onPointerLeave={() => setHover(null)}
      // Keyboard users filter the lines the same way, by moving focus onto a token.
      onFocus={() => setHover({ side, position })}
      onBlur={() => setHover(null)}
    >
      <title>{`${side} ${position}: ${visibleText(token.text)}`}</title>
      {shortLabel(token.text, 14)}
    </text>
  );

  return (
    <section className="line-view" aria-label={`Line view of layer ${layer}`}>
      <div className="line-controls">
        <span>Heads:</span>
        {Array.from({ length: numHeads }, (_, head) => (
          <button
            key={head}
            type="button"
            className="head-toggle"
            aria-pressed={activeHeads.has(head)}
            onClick={() => onToggleHead(head)}
            style={{ borderColor: headColor(head, numHeads) }}
          >
            <span className="swatch" style={{ background: headColor(head, numHeads) }} /> {head}
          </button>
        ))}
        <label>
          Hide below{' '}
          <input
            type="number"
            min={0}
            max={1}
            step={0.01}
            value={threshold}
            aria-label="Threshold"
            onChange={(e) =>
              onPrune({ lineThreshold: Math.max(0, Math.min(1, Number(e.target.value))) })
            }
          />
        </label>
        <label>
          Top{' '}
          <input
            type="number"
            min={1}
            max={seqLen || 1}
            value={topK}
            aria-label="Top k per query"
            onChange={(e) => onPrune({ lineTopK: Math.max(1, Math.round(Number(e.target.value))) })}
          />{' '}
          per query
        </label>
        <span className="hint" data-testid="line-count">
          {visible.length} lines
        </span>
      </div>
      <p className="hint" data-testid="line-legend">
        Colour names the head (the buttons above are its key); a line&apos;s opacity is its weight
        {activeHeads.size > 1 ? `, divided by √${activeHeads.size} for the heads shown` : ''}.
      </p>
      <svg className="line-svg" width={width} height={height} data-testid="line-view">
        <g className="links">
          {visible.map((l) => (
            <line
              key={`${l.head}-${l.query}-${l.key}`}
              x1={LABEL_WIDTH}
              x2={LABEL_WIDTH + COLUMN_GAP}
              y1={l.query * ROW + ROW / 2 + TOP}
              y2={l.key * ROW + ROW / 2 + TOP}
              stroke={headColor(l.head, numHeads)}
              strokeWidth={2}
              data-head={l.head}
              data-query={l.query}
              data-key={l.key}
              data-weight={l.weight}
              strokeOpacity={Math.min(1, l.weight * opacityScale)}
            />
          ))}
        </g>
        <g className="column-titles">
          <text x={LABEL_WIDTH - 6} y={ROW / 2 + 4} textAnchor="end">
            query
          </text>
          <text x={LABEL_WIDTH + COLUMN_GAP + 6} y={ROW / 2 + 4}>
            key
          </text>
        </g>
        <g className="token-labels">
          {tokens.map(label('query'))}
          {tokens.map(label('key'))}
        </g>
      </svg>
    </section>
  );
}
