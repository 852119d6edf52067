import { useMemo, useState } from 'react';
import * as d3 from 'd3';
import type { Token } from '../model/types';
import { mechanismSteps, type Matrix } from '../analysis/mechanism';
import { useExportedMatrices } from '../export/viewData';
import { maxAbs } from '../analysis/compare';
import { divergingInterpolator, schemeTable, sequentialInterpolator } from '../draw/colors';
import { visibleText } from '../draw/tokenText';
import { HeadCanvas } from './HeadCanvas';
import { Legend } from './Legend';
import { MatrixCanvas } from './MatrixCanvas';

interface MechanismViewProps {
  tokens: Token[];
  layer: number;
  head: number;
  /** This head's queries, keys and values, each seqLen x headDim row-major. */
  queries: Float32Array;
  keys: Float32Array;
  values: Float32Array;
  /** The attention the model itself computed, to check the recomputation against. */
  modelAttention: Float32Array;
  causal: boolean;
  scaled: boolean;
  onScaledChange: (scaled: boolean) => void;
  /** The query position whose numbers are listed. */
  query: number;
}

const STEPS = [
  { title: 'Q, K, V', text: 'Each token is projected into a query, a key and a value vector.' },
  { title: 'Q·Kᵀ', text: 'Every query is compared with every key by a dot product.' },
  {
    title: '÷ √d_k',
    text: 'Scores are divided by √d_k so their spread does not grow with d_k.',
  },
  { title: 'mask', text: 'A causal model may not look ahead: later keys are set to −∞.' },
  { title: 'softmax', text: 'Each row becomes weights that are positive and sum to 1.' },
  { title: 'weights · V', text: 'Each query receives the weighted sum of the values.' },
];

/** The mechanism of the selected head, one step at a time. */
export function MechanismView(props: MechanismViewProps) {
  const { tokens, layer, head, queries, keys, values, modelAttention, causal } = props;
  const { scaled, onScaledChange, query } = props;
  const seqLen = tokens.length;
  const [step, setStep] = useState(STEPS.length - 1);

  const steps = useMemo(
    () => mechanismSteps(queries, keys, values, seqLen, causal, scaled),
    [queries, keys, values, seqLen, causal, scaled],
  );
  const headDim = steps.queries.cols;
  const exported = useMemo(
    () =>
      [
        { name: 'scores Q·Kᵀ', data: steps.scores.data },
        { name: scaled ? 'scores ÷ √d_k' : 'scores, unscaled', data: steps.scaled.data },
        { name: 'softmax weights', data: steps.weights.data },
      ].map(({ name, data }) => ({ name, layer, head, tokens, weights: data })),
    [steps, scaled, layer, head, tokens],
  );
  useExportedMatrices(exported);
  const agreement = useMemo(() => {
    let max = 0;
    for (let i = 0; i < modelAttention.length; i++) {
      max = Math.max(max, Math.abs(modelAttention[i] - steps.weights.data[i]));
    }
    return max;
  }, [modelAttention, steps]);

  // Token rows line up across every panel; the head dimension is squeezed to fit beside them.
  const cell = Math.max(3, Math.min(24, Math.floor(240 / Math.max(seqLen, 1))));
  const vectorCell = Math.max(1, Math.min(cell, Math.floor(160 / Math.max(headDim, 1))));
  const signed = (m: Matrix, label: string) => (
    <figure className="mechanism-matrix">
      <MatrixCanvas
        data={m.data}
        rows={m.rows}
        cols={m.cols}
        limit={maxAbs(m.data)}
        label={label}
        cellHeight={cell}
        cellWidth={m.cols === seqLen ? cell : vectorCell}
      />
      <figcaption>
        {label} · {m.rows}×{m.cols}
      </figcaption>
    </figure>
  );
  const panels = [
    <div className="qkv" key="qkv">
      {signed(steps.queries, 'Q')}
      {signed(steps.keys, 'K')}
      {signed(steps.values, 'V')}
    </div>,
    signed(steps.scores, 'Q·Kᵀ'),
    signed(steps.scaled, scaled ? 'scaled' : 'unscaled'),
    signed(steps.masked, 'masked'),
    <figure className="mechanism-matrix" key="softmax">
      <HeadCanvas
        matrix={steps.weights.data}
        seqLen={seqLen}
        label="Softmax weights"
        paint={{ table: schemeTable('viridis'), transform: 'linear', causal, max: 1 }}
        style={{ width: seqLen * cell, height: seqLen * cell }}
      />
      <figcaption>
        weights · {seqLen}×{seqLen}
      </figcaption>
    </figure>,
    signed(steps.output, 'output'),
  ];

  const row = (m: Matrix) => Array.from(m.data.subarray(query * seqLen, (query + 1) * seqLen));
  const rawRow = row(steps.scores);
  const scaledRow = row(steps.scaled);
  const weightRow = row(steps.weights);
  const format = d3.format('.3~f');

  return (
    <section className="mechanism-view" aria-label={`Mechanism of layer ${layer} head ${head}`}>
      <div className="mechanism-controls">
        <label>
          Step{' '}
          <input
            type="range"
            min={0}
            max={STEPS.length - 1}
            value={step}
            onChange={(e) => setStep(Number(e.target.value))}
            aria-valuetext={STEPS[step].title}
          />
        </label>
        <span className="step-title">
          {STEPS[step].title}: {STEPS[step].text}
        </span>
        <label>
          <input
            type="checkbox"
            checked={scaled}
            onChange={(e) => onScaledChange(e.target.checked)}
          />{' '}
          divide by √d_k (d_k = {headDim}, ×{steps.scale.toFixed(3)})
        </label>
      </div>
      <ol className="mechanism-steps">
        {STEPS.map((s, i) => (
          <li key={s.title} className={i <= step ? 'step shown' : 'step'} hidden={i > step}>
            <h3>
              {i + 1}. {s.title}
            </h3>
            {i === 3 && !causal ? <p>This model reads both ways: nothing is masked.</p> : panels[i]}
          </li>
        ))}
      </ol>
      <Legend
        interpolate={divergingInterpolator()}
        domain={[-1, 1]}
        transform="linear"
        title="signed values, each panel scaled to its own largest magnitude"
        width={320}
      />
      {step >= 4 && (
        <Legend
          interpolate={sequentialInterpolator('viridis')}
          domain={[0, 1]}
          transform="linear"
          title="softmax weight (step 5)"
          width={320}
        />
      )}
      <p className="agreement" data-testid="mechanism-agreement">
        {scaled
          ? `Recomputed weights match the model's attention within ${agreement.toExponential(1)}.`
          : 'Without scaling the weights differ from what the model computes: note how much ' +
            'sharper each row is.'}
      </p>
      <table className="query-table">
        <caption>
          Query {query} <b>{visibleText(tokens[query]?.text ?? '')}</b>: scores for each key
        </caption>
        <thead>
          <tr>
            <th>key</th>
            <th>Q·K</th>
            <th>{scaled ? '÷ √d_k' : 'unscaled'}</th>
            <th>weight</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token, k) => (
            <tr key={k} className={causal && k > query ? 'masked' : ''}>
              <td>
                {k} {visibleText(token.text)}
              </td>
              <td>{format(rawRow[k])}</td>
              <td>{causal && k > query ? '−∞' : format(scaledRow[k])}</td>
              <td>{format(weightRow[k])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
