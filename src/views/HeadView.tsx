import { useEffect, useMemo, useRef, useState } from 'react';
import * as d3 from 'd3';
import type { Token } from '../model/types';
import type { ColorTransform, SequentialScheme } from '../draw/colors';
import { schemeTable } from '../draw/colors';
import { matrixMax, type PaintOptions } from '../draw/heatmap';
import { shortLabel, visibleText } from '../draw/tokenText';
import type { Normalization } from '../app/settings';
import { cellAfterKey } from './cellKeys';
import { HeadCanvas } from './HeadCanvas';
import { RowAnnouncer } from './RowAnnouncer';
import { ScaleLegend } from './ScaleLegend';

interface HeadViewProps {
  tokens: Token[];
  /** The head's attention, seqLen x seqLen row-major. */
  matrix: Float32Array;
  layer: number;
  head: number;
  causal: boolean;
  scheme: SequentialScheme;
  transform: ColorTransform;
  /** One colour scale per row, for this head, or shared by all heads. */
  normalization: Normalization;
  /** Largest weight of any head: the top colour when all heads share one scale. */
  sharedMax: number;
  /** Token position highlighted from the token strip, or null. */
  highlighted: number | null;
  onHover: (position: number | null) => void;
}

const MARGIN = { left: 96, top: 96 };
const PLOT_SIZE = 520;

/** One head up close: tokens on both axes, a tooltip per cell, a legend. */
export function HeadView(props: HeadViewProps) {
  const { tokens, matrix, layer, head, causal, scheme, transform, normalization } = props;
  const { sharedMax, highlighted, onHover } = props;
  const seqLen = tokens.length;
  const cell = Math.max(4, Math.min(32, Math.floor(PLOT_SIZE / Math.max(seqLen, 1))));
  const size = cell * seqLen;
  const svg = useRef<SVGSVGElement>(null);
  const [focus, setFocus] = useState<{ query: number; key: number } | null>(null);

  const headMax = useMemo(() => matrixMax(matrix), [matrix]);
  const max = normalization === 'all' ? sharedMax : headMax;
  const paint: PaintOptions = useMemo(
    () => ({
      table: schemeTable(scheme),
      transform,
      causal,
      max: normalization === 'row' ? 'row' : max,
    }),
    [scheme, transform, causal, normalization, max],
  );

  useEffect(() => {
    if (!svg.current) return;
    const root = d3.select(svg.current);
    root.selectAll('*').remove();
    const plot = root.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    const fontSize = Math.max(8, Math.min(12, cell - 2));
    const showLabels = cell >= 7;

    if (showLabels) {
      plot
        .selectAll('text.query-label')
        .data(tokens)
        .join('text')
        .attr('class', (_, i) => (i === highlighted ? 'query-label highlighted' : 'query-label'))
        .attr('x', -6)
        .attr('y', (_, i) => i * cell + cell / 2)
        .attr('dy', '0.35em')
        .attr('text-anchor', 'end')
        .style('font-size', `${fontSize}px`)
        .text((t) => shortLabel(t.text));
      plot
        .selectAll('text.key-label')
        .data(tokens)
        .join('text')
        .attr('class', (_, i) => (i === highlighted ? 'key-label highlighted' : 'key-label'))
        .attr('transform', (_, i) => `translate(${i * cell + cell / 2},-6) rotate(-60)`)
        .attr('dy', '0.35em')
        .style('font-size', `${fontSize}px`)
        .text((t) => shortLabel(t.text));
    }
    plot
      .append('text')
      .attr('class', 'axis-title')
      .attr('x', -MARGIN.left + 4)
      .attr('y', -8)
      .text('query ↓ key →');

    if (highlighted !== null && highlighted < seqLen) {
      plot
        .append('rect')
        .attr('class', 'row-highlight')
        .attr('x', 0)
        .attr('y', highlighted * cell)
        .attr('width', size)
        .attr('height', cell);
      plot
        .append('rect')
        .attr('class', 'row-highlight')
        .attr('x', highlighted * cell)
        .attr('y', 0)
        .attr('width', cell)
        .attr('height', size);
    }
    if (focus) {
      plot
        .append('rect')
        .attr('class', 'cell-focus')
        .attr('x', focus.key * cell)
        .attr('y', focus.query * cell)
        .attr('width', cell)
        .attr('height', cell);
    }
  }, [tokens, cell, size, seqLen, highlighted, focus]);

  const cellAt = (event: React.PointerEvent): { query: number; key: number } | null => {
    const box = (event.currentTarget as Element).getBoundingClientRect();
    const key = Math.floor((event.clientX - box.left - MARGIN.left) / cell);
    const query = Math.floor((event.clientY - box.top - MARGIN.top) / cell);
    if (key < 0 || query < 0 || key >= seqLen || query >= seqLen) return null;
    return { query, key };
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const next = cellAfterKey(event.key, event.shiftKey, focus, seqLen);
    if (!next) return;
    event.preventDefault();
    setFocus(next);
    onHover(next.query);
  };

  const weight = focus ? matrix[focus.query * seqLen + focus.key] : null;

  return (
    <section className="head-view" aria-label={`Layer ${layer} head ${head}`}>
      <div
        className="head-plot"
        data-testid="head-plot"
        tabIndex={0}
        role="application"
        aria-roledescription="heatmap"
        aria-label={
          `Attention of layer ${layer} head ${head}; arrow keys move between cells, ` +
          'Shift with arrow keys between heads and layers'
        }
        style={{ width: MARGIN.left + size + 8, height: MARGIN.top + size + 8 }}
        onPointerMove={(event) => {
          const hit = cellAt(event);
          setFocus(hit);
          onHover(hit ? hit.query : null);
        }}
        onPointerLeave={() => {
          setFocus(null);
          onHover(null);
        }}
        onKeyDown={onKeyDown}
      >
        <HeadCanvas
          matrix={matrix}
          seqLen={seqLen}
          paint={paint}
          label={`Heatmap of layer ${layer} head ${head}`}
          className="head-canvas-large"
          style={{ left: MARGIN.left, top: MARGIN.top, width: size, height: size }}
        />
        <svg ref={svg} width={MARGIN.left + size + 8} height={MARGIN.top + size + 8} />
        {focus && weight !== null && (
          <div
            className="tooltip"
            role="status"
            data-testid="tooltip"
            style={{
              left: MARGIN.left + (focus.key + 1) * cell + 8,
              top: MARGIN.top + focus.query * cell,
            }}
          >
            <div>
              query <b>{visibleText(tokens[focus.query]?.text ?? '')}</b> ({focus.query})
            </div>
            <div>
              key <b>{visibleText(tokens[focus.key]?.text ?? '')}</b> ({focus.key})
            </div>
            <div>
              weight <b>{causal && focus.key > focus.query ? 'masked' : weight.toFixed(4)}</b>
            </div>
          </div>
        )}
      </div>
      <ScaleLegend scheme={scheme} transform={transform} normalization={normalization} max={max} />
      <RowAnnouncer tokens={tokens} matrix={matrix} query={focus?.query ?? null} />
    </section>
  );
}
