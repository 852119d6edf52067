import type { HeadMatrix, Token } from '../model/types';
import { topK } from '../analysis/predictions';
import { visibleText } from '../draw/tokenText';

interface RowAnnouncerProps {
  tokens: readonly Token[];
  /** The head's attention, seqLen x seqLen row-major. */
  matrix: HeadMatrix;
  /** The query row that has the focus, or null when none has. */
  query: number | null;
}

/** How many of a row's heaviest keys are read out. */
const KEYS_READ = 3;

/** The sentence read for a query row: the token and its heaviest keys with their weights. */
export function describeRow(tokens: readonly Token[], matrix: HeadMatrix, query: number): string {
  const seqLen = tokens.length;
  const row = matrix.subarray(query * seqLen, (query + 1) * seqLen);
  const keys = topK(row, Math.min(KEYS_READ, seqLen))
    .map(
      ({ id, probability }) =>
        `${visibleText(tokens[id]?.text ?? '')} (${id}) ${probability.toFixed(2)}`,
    )
    .join(', ');
  return `Query ${query} ${visibleText(tokens[query]?.text ?? '')}: top keys ${keys}.`;
}

/**
 * Tells screen readers which query row the focus is on, once per row rather than once per cell,
 * so moving along a row is not drowned out by the same sentence.
 */
export function RowAnnouncer({ tokens, matrix, query }: RowAnnouncerProps) {
  const valid = query !== null && query >= 0 && query < tokens.length;
  return (
    <p className="visually-hidden" aria-live="polite" data-testid="row-announcement">
      {valid ? describeRow(tokens, matrix, query) : ''}
    </p>
  );
}
