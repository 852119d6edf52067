import { useEffect, useRef, useState } from 'react';
import type { Token } from '../model/types';
import { schemeTable, type ColorTransform, type SequentialScheme } from '../draw/colors';
import { matrixMax, paintMatrix, paintSigned } from '../draw/heatmap';
import { shortLabel, visibleText } from '../draw/tokenText';
import { cellAfterKey } from './cellKeys';
import { RowAnnouncer } from './RowAnnouncer';

/** How a matrix maps to colour: weights on a sequential scale, differences on a diverging one. */
export type MatrixColouring =
  | {
      kind: 'weights';
      scheme: SequentialScheme;
      transform: ColorTransform;
      causal: boolean;
      /** One scale per row; otherwise one per matrix. */
      rowNormalized: boolean;
    }
  | { kind: 'difference'; limit: number };

interface MatrixPanelProps {
  /** Heading above the matrix. */
  title: string;
  /** One label per row and column. */
  tokens: readonly Token[];
  /** seqLen x seqLen row-major, [query][key]. */
  matrix: Float32Array;
  colouring: MatrixColouring;
  /** Names the panel for tests and assistive technology. */
  testId: string;
}

const PLOT_SIZE = 300;
const LABEL_WIDTH = 72;

/** One matrix with token labels on both axes and the value under the pointer. */
export function MatrixPanel({ title, tokens, matrix, colouring, testId }: MatrixPanelProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [focus, setFocus] = useState<{ query: number; key: number } | null>(null);
  const seqLen = tokens.length;
  const cell = Math.max(3, Math.min(24, Math.floor(PLOT_SIZE / Math.max(seqLen, 1))));
  const showLabels = cell >= 9;

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context || seqLen === 0 || matrix.length !== seqLen * seqLen) return;
    element.width = seqLen;
    element.height = seqLen;
    const image = context.createImageData(seqLen, seqLen);
    if (colouring.kind === 'difference') {
      paintSigned(image, matrix, seqLen, seqLen, schemeTable('rdbu'), colouring.limit);
    } else {
      const { scheme, transform, causal, rowNormalized } = colouring;
      paintMatrix(image, matrix, seqLen, {
        table: schemeTable(scheme),
        transform,
        causal,
        max: rowNormalized ? 'row' : matrixMax(matrix),
      });
    }
    context.putImageData(image, 0, 0);
  }, [matrix, seqLen, colouring]);

  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const key = Math.floor((event.clientX - box.left) / cell);
    const query = Math.floor((event.clientY - box.top) / cell);
    const inside = key >= 0 && query >= 0 && key < seqLen && query < seqLen;
    setFocus(inside ? { query, key } : null);
  };

  const value = focus ? matrix[focus.query * seqLen + focus.key] : null;
  return (
    <figure className="matrix-panel" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className="matrix-body" style={{ gridTemplateColumns: `${LABEL_WIDTH}px auto` }}>
        <span className="axis-title">query ↓ key →</span>
        <div className="key-labels" style={{ width: cell * seqLen }}>
          {showLabels &&
            tokens.map((token, k) => (
              <span key={k} style={{ left: k * cell + cell / 2 }}>
                {shortLabel(token.text, 8)}
              </span>
            ))}
        </div>
        <div className="query-labels">
          {showLabels &&
            tokens.map((token, q) => (
              <span key={q} style={{ height: cell, lineHeight: `${cell}px` }}>
                {shortLabel(token.text, 9)}
              </span>
            ))}
        </div>
        <canvas
          ref={canvas}
          className="matrix-canvas"
          tabIndex={0}
          role="application"
          aria-roledescription="heatmap"
          aria-label={`${title}; arrow keys move between cells`}
          style={{ width: cell * seqLen, height: cell * seqLen }}
          onPointerMove={onPointerMove}
          onPointerLeave={() => setFocus(null)}
          onKeyDown={(event) => {
            const next = cellAfterKey(event.key, event.shiftKey, focus, seqLen);
            if (!next) return;
            event.preventDefault();
            setFocus(next);
          }}
        />
      </div>
      <p className="hint matrix-readout" role="status">
        {focus && value !== null
          ? `${visibleText(tokens[focus.query].text)} (${focus.query}) → ` +
            `${visibleText(tokens[focus.key].text)} (${focus.key}): ${value.toFixed(4)}`
          : 'Point at a cell, or focus the matrix and use the arrow keys, to read its value.'}
      </p>
      {colouring.kind === 'weights' && (
        <RowAnnouncer tokens={tokens} matrix={matrix} query={focus?.query ?? null} />
      )}
    </figure>
  );
}
