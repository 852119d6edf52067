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
    // A focused cell marks its query's row and its key's column; a token hovered here or in
    // the strip marks its own row and column.
    const row = focus ? focus.query : highlighted;
    const column = focus ? focus.key : highlighted;
    const labelClass = (name: string, on: number | null) => (_: Token, i: number) =>
      i === on ? `${name} highlighted` : name;

    if (showLabels) {
      plot
        .selectAll('text.query-label')
        .data(tokens)
        .join('text')
        .attr('class', labelClass('query-label', row))
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
        .attr('class', labelClass('key-label', column))
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

    if (row !== null && row < seqLen) {
      plot
        .append('rect')
        .attr('class', 'row-highlight')
        .attr('data-testid', 'row-highlight')
        .attr('x', 0)
        .attr('y', row * cell)
        .attr('width', size)
        .attr('height', cell);
    }
    if (column !== null && column < seqLen) {
      plot
        .append('rect')
        .attr('class', 'row-highlight')
        .attr('data-testid', 'column-highlight')
        .attr('x', column * cell)
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

  /**
   * What the pointer is over: a cell, a token label on either axis (the query labels left of
   * the plot, the key labels above it), or nothing.
   */
  const pointedAt = (event: React.PointerEvent) => {
    const box = (event.currentTarget as Element).getBoundingClientRect();
    const x = event.clientX - box.left - MARGIN.left;
    const y = event.clientY - box.top - MARGIN.top;
    const key = Math.floor(x / cell);
    const query = Math.floor(y / cell);
    const inRange = (i: number) => i >= 0 && i < seqLen;
    if (inRange(key) && inRange(query)) return { cell: { query, key }, token: query };
    if (x < 0 && inRange(query)) return { cell: null, token: query };
    if (y < 0) {
      // Key labels run up and to the right at 60 degrees from the top of their column.
      const labelled = Math.floor((x + y / Math.tan(Math.PI / 3)) / cell);
      if (inRange(labelled)) return { cell: null, token: labelled };
    }
    return { cell: null, token: null };
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
          const hit = pointedAt(event);
          setFocus(hit.cell);
          onHover(hit.token);
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
