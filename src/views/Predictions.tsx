import { useMemo } from 'react';
import type { ForwardResult } from '../model/types';
import { logitsRow, softmax, topK } from '../analysis/predictions';
import { visibleText } from '../draw/tokenText';

interface PredictionsProps {
  result: ForwardResult;
  causal: boolean;
  /** Turns an id into display text. */
  decode: (id: number) => string;
  /** Position whose next token is predicted (causal models). */
  position: number;
  /** The mask token as the person types it ('[MASK]', '<mask>'), for masked models. */
  maskToken: string | null;
}

interface Row {
  position: number;
  label: string;
  top: { id: number; text: string; probability: number }[];
}

/**
 * Top five next tokens at the chosen position for causal models; for masked models, the top
 * five fillers of every mask token in the text.
 */
export function Predictions(props: PredictionsProps) {
  const { result, causal, decode, position, maskToken } = props;
  const rows: Row[] = useMemo(() => {
    if (result.logits.length === 0) return [];
    const rank = (p: number) =>
      topK(softmax(logitsRow(result.logits, result.vocabSize, p)), 5).map((t) => ({
        ...t,
        text: decode(t.id),
      }));
    if (causal) {
      const p = Math.min(Math.max(position, 0), result.seqLen - 1);
      return [
        { position: p, label: `after “${visibleText(result.tokens[p].text)}”`, top: rank(p) },
      ];
    }
    return result.tokens
      .map((token, p) => ({ token, p }))
      .filter(({ token }) => token.special && /mask/i.test(token.piece))
      .map(({ p }) => ({ position: p, label: `mask at position ${p}`, top: rank(p) }));
  }, [result, causal, decode, position]);

  if (result.logits.length === 0) {
    return <p className="hint">This checkpoint has no language-model head, so no predictions.</p>;
  }
  if (rows.length === 0) {
    return (
      <p className="hint">
        Type <code>{maskToken ?? '[MASK]'}</code> in the text to see what the model would put there.
      </p>
    );
  }
  return (
    <div className="predictions" data-testid="predictions">
      {rows.map((row) => (
        <table key={row.position} className="prediction-table">
          <caption>{causal ? `Next token ${row.label}` : `Fillers for the ${row.label}`}</caption>
          <tbody>
            {row.top.map((t) => (
              <tr key={t.id}>
                <td className="prediction-text">{visibleText(t.text)}</td>
                <td className="prediction-bar">
                  <span style={{ width: `${(t.probability * 100).toFixed(1)}%` }} />
                </td>
                <td className="prediction-probability">{(t.probability * 100).toFixed(1)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
