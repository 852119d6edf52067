import { useEffect, useRef } from 'react';
import * as d3 from 'd3';
import type { ColorTransform } from '../draw/colors';

interface LegendProps {
  /** Maps [0, 1] (sequential) or [-1, 1] mapped to [0, 1] (diverging) to a colour. */
  interpolate: (t: number) => string;
  /** Values at the two ends of the bar. */
  domain: [number, number];
  transform: ColorTransform;
  title: string;
  width?: number;
}

// Room at both ends for half of a tick label, which is centred on the end of the bar.
const INSET = 16;

/** A colour bar with an axis, for every view where colour carries a value. */
export function Legend({ interpolate, domain, transform, title, width = 240 }: LegendProps) {
  const svg = useRef<SVGSVGElement>(null);
  // The ends by value: callers pass a fresh array on every render, and the bar should be
  // redrawn only when a number on it changes, not on every keystroke.
  const [low, high] = domain;

  useEffect(() => {
    if (!svg.current) return;
    const root = d3.select(svg.current);
    root.selectAll('*').remove();
    const id = `legend-${Math.random().toString(36).slice(2)}`;
    const gradient = root.append('defs').append('linearGradient').attr('id', id);
    for (let i = 0; i <= 16; i++) {
      gradient
        .append('stop')
        .attr('offset', `${(i / 16) * 100}%`)
        .attr('stop-color', interpolate(i / 16));
    }
    root
      .append('rect')
      .attr('x', INSET)
      .attr('y', 18)
      .attr('width', width - 2 * INSET)
      .attr('height', 10)
      .attr('fill', `url(#${id})`);

    // The axis shows the values each colour stands for, under the chosen transform.
    const ticks = d3.range(0, 1.0001, 0.25).map((t) => {
      const fraction =
        transform === 'sqrt'
          ? t * t
          : transform === 'log'
            ? t === 0
              ? 0
              : Math.pow(1e-3, 1 - t)
            : t;
      return { t, value: low + (high - low) * fraction };
    });
    const x = d3
      .scaleLinear()
      .domain([0, 1])
      .range([INSET, width - INSET]);
    const axis = root.append('g').attr('class', 'legend-axis');
    for (const tick of ticks) {
      axis
        .append('text')
        .attr('x', x(tick.t))
        .attr('y', 42)
        .attr('text-anchor', 'middle')
        .text(d3.format('.2~g')(tick.value));
    }
    root.append('text').attr('x', INSET).attr('y', 12).attr('class', 'legend-title').text(title);
  }, [interpolate, low, high, transform, title, width]);

  return <svg ref={svg} className="legend" width={width} height={48} aria-label={title} />;
}
