import { useMemo, useState } from 'react';
import type { ForwardResult } from '../model/types';
import { klDivergence, logitsRow, softmax, topK } from '../analysis/predictions';
import { visibleText } from '../draw/tokenText';
import { HeadToggles, toggled } from './HeadToggles';

interface AblationViewProps {
  /** The intact model's result. */
  before: ForwardResult;
  /** The result with the heads switched off, or null while it runs. */
  after: ForwardResult | null;
  /** Heads switched off, as `${layer}:${head}`. */
  ablate: readonly string[];
  onAblate: (heads: string[]) => void;
  numLayers: number;
  numHeads: number;
  causal: boolean;
  /** Turns a token id into display text. */
  decode: (id: number) => string;
}

interface RankedText {
  id: number;
  text: string;
  probability: number;
  /** The same token's probability on the other side of the comparison. */
  other: number;
}

/** Where predictions are read by default: the last token, or the first mask of a masked model. */
function defaultPosition(result: ForwardResult, causal: boolean): number {
  if (!causal) {
    const mask = result.tokens.findIndex((t) => t.special && /mask/i.test(t.piece));
    if (mask >= 0) return mask;
  }
  return result.seqLen - 1;
}

/** Switches heads off and shows how the top five predictions and their distribution move. */
export function AblationView(props: AblationViewProps) {
  const { before, after, ablate, onAblate, numLayers, numHeads, causal, decode } = props;
  const [chosen, setChosen] = useState<number | null>(null);
  const position = Math.min(chosen ?? defaultPosition(before, causal), before.seqLen - 1);
  const hasLogits = before.logits.length > 0;

  const comparison = useMemo(() => {
    if (!hasLogits || !after || after.seqLen !== before.seqLen) return null;
    const rowBefore = logitsRow(before.logits, before.vocabSize, position);
    const rowAfter = logitsRow(after.logits, after.vocabSize, position);
    const pBefore = softmax(rowBefore);
    const pAfter = softmax(rowAfter);
    // Each row also carries the token's probability on the other side, to read the change.
    const rank = (p: Float64Array, other: Float64Array) =>
      topK(p, 5).map((t) => ({ ...t, text: decode(t.id), other: other[t.id] }));
    return {
      top: { before: rank(pBefore, pAfter), after: rank(pAfter, pBefore) },
      kl: klDivergence(rowBefore, rowAfter),
    };
  }, [before, after, position, hasLogits, decode]);

  const percent = (p: number) => `${(p * 100).toFixed(1)}%`;
  const table = (side: 'before' | 'after', rows: RankedText[]) => (
    <table className="prediction-table ablation-table" data-testid={`ablation-${side}`}>
      <caption>{side === 'before' ? 'Top five, intact' : 'Top five, heads switched off'}</caption>
      <tbody>
        {rows.map((t) => (
          <tr key={t.id}>
            <td className="prediction-text">{visibleText(t.text)}</td>
            <td className="prediction-probability">{percent(t.probability)}</td>
            <td className="hint">
              {side === 'before' ? 'after' : 'before'} {percent(t.other)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <section className="ablation-view" aria-label="Ablation">
      <p className="hint">
        Press a head to switch it off: its output is zeroed before the layer’s output projection,
        and the model runs again.
      </p>
      <div className="toolkit-controls">
        <HeadToggles
          numLayers={numLayers}
          numHeads={numHeads}
          active={new Set(ablate)}
          onToggle={(key) => onAblate(toggled(ablate, key))}
          label="Heads switched off"
        />
        <button type="button" disabled={ablate.length === 0} onClick={() => onAblate([])}>
          Switch all back on
        </button>
        <label>
          {causal ? 'Predict after' : 'Predict at'}{' '}
          <select
            aria-label="Prediction position"
            value={position}
            onChange={(e) => setChosen(Number(e.target.value))}
          >
            {before.tokens.map((token, p) => (
              <option key={p} value={p}>{`${p}: ${visibleText(token.text)}`}</option>
            ))}
          </select>
        </label>
      </div>
      {!hasLogits && (
        <p className="hint">This checkpoint has no language-model head, so no predictions.</p>
      )}
      {hasLogits && !comparison && <p className="hint">Running with the heads switched off…</p>}
      {comparison && (
        <>
          <div className="panel-row">
            {table('before', comparison.top.before)}
            {table('after', comparison.top.after)}
          </div>
          <p className="kl" data-testid="kl-divergence" data-kl={comparison.kl}>
            KL(before ‖ after) = {comparison.kl.toPrecision(3)} nats
            {ablate.length === 0 && ' (no head is switched off)'}
          </p>
        </>
      )}
    </section>
  );
}
