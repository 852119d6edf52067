import { WORD_MERGE_RULE } from '../analysis/tokens';
import type { ViewOptions } from '../app/shownAttention';
import { visibleText } from '../draw/tokenText';

// How wordGroups finds words, in the page's words, so the merged labels can be checked.
const WORD_BOUNDARY_RULE =
  'A word starts at a piece that begins with a space or newline (byte-level BPE, as in GPT-2, ' +
  'where punctuation written against a word joins it) or at a piece without a leading ' +
  "'##' (WordPiece, as in BERT); every special token is a word of its own.";

interface AttentionOptionsProps {
  /** The options as they stand. */
  options: ViewOptions;
  /** Called with the options that changed. */
  onChange: (patch: Partial<ViewOptions>) => void;
  /** Shown tokens whose query row is blank in some head: all its weight fell on hidden keys. */
  blankRows: readonly string[];
}

/** Switches for how the heatmaps treat tokens, with the rules behind them stated in the page. */
export function AttentionOptions(props: AttentionOptionsProps) {
  const { options, onChange, blankRows } = props;
  const box = (name: keyof ViewOptions, label: string, title: string) => (
    <label title={title}>
      <input
        type="checkbox"
        checked={options[name]}
        onChange={(event) => onChange({ [name]: event.target.checked })}
      />{' '}
      {label}
    </label>
  );

  return (
    <div className="attention-options" data-testid="attention-options">
      {box(
        'hideSpecial',
        'Hide special tokens',
        'Hides [CLS], [SEP], <|endoftext|> and the like; a mask token stays. Rows are ' +
          'renormalised over the keys left.',
      )}
      {box('hideFirst', 'Hide first token', 'Rows are renormalised over the keys left.')}
      {box('mergeWords', 'Merge words', WORD_MERGE_RULE)}
      {box(
        'valueWeighted',
        'Value-weighted',
        'Each weight is scaled by the length of the key position’s value vector, and rows ' +
          'are renormalised.',
      )}
      {(options.hideSpecial || options.hideFirst) && (
        <p className="hint">
          Hidden tokens are removed as queries and as keys; each row is renormalised over the keys
          that remain.
        </p>
      )}
      {blankRows.length > 0 && (
        <p className="hint" data-testid="blank-rows">
          In some heads, {blankRows.map((text) => `“${visibleText(text)}”`).join(', ')} put all
          their weight on hidden tokens, so nothing is left to renormalise and those rows are blank.
        </p>
      )}
      {options.mergeWords && (
        <p className="hint" data-testid="merge-rule">
          {WORD_MERGE_RULE} {WORD_BOUNDARY_RULE}
        </p>
      )}
    </div>
  );
}
