import type { Alignment } from '../analysis/compare';
import type { CompareMode } from '../app/settings';

export interface CompareChoice {
  mode: CompareMode;
  text: string;
  alignment: Alignment;
  layer: number;
  head: number;
}

interface CompareControlsProps {
  /** What is compared now. */
  choice: CompareChoice;
  /** Called with the parts that changed. */
  onChange: (patch: Partial<CompareChoice>) => void;
  numLayers: number;
  numHeads: number;
  /** The head of the first side, named in the page. */
  first: { layer: number; head: number };
}

/** Chooses between comparing two texts and two heads, and the second text or head. */
export function CompareControls(props: CompareControlsProps) {
  const { choice, onChange, numLayers, numHeads, first } = props;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);

  return (
    <div className="toolkit-controls compare-controls">
      <button
        type="button"
        aria-pressed={choice.mode === 'texts'}
        onClick={() => onChange({ mode: 'texts' })}
      >
        Two texts
      </button>
      <button
        type="button"
        aria-pressed={choice.mode === 'heads'}
        onClick={() => onChange({ mode: 'heads' })}
      >
        Two heads
      </button>
      {choice.mode === 'texts' ? (
        <>
          <label className="second-text">
            Second text{' '}
            <textarea
              rows={2}
              spellCheck={false}
              aria-label="Second text"
              value={choice.text}
              onChange={(e) => onChange({ text: e.target.value })}
            />
          </label>
          <label>
            Align{' '}
            <select
              aria-label="Alignment"
              value={choice.alignment}
              onChange={(e) => onChange({ alignment: e.target.value as Alignment })}
            >
              <option value="position">by position</option>
              <option value="prefix">shared prefix</option>
            </select>
          </label>
          <span className="hint">
            Both texts through layer {first.layer} head {first.head}.
          </span>
        </>
      ) : (
        <>
          <span className="hint">
            Layer {first.layer} head {first.head} against
          </span>
          <label>
            layer{' '}
            <select
              aria-label="Second layer"
              value={choice.layer}
              onChange={(e) => onChange({ layer: Number(e.target.value) })}
            >
              {range(numLayers).map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <label>
            head{' '}
            <select
              aria-label="Second head"
              value={choice.head}
              onChange={(e) => onChange({ head: Number(e.target.value) })}
            >
              {range(numHeads).map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
    </div>
  );
}
