/**
 * The numbers behind a view as CSV (one row per query, key and head, for spreadsheets and
 * pandas) and JSON (nested [query][key] rows, for scripts).
 */
import type { HeadMatrix, Token } from '../model/types';
import { toRows } from '../analysis/shape';

export interface HeadWeights {
  /** The head, or null for a matrix folded from several (a mean, a rollout). */
  layer: number | null;
  head: number | null;
  /** What the matrix is; plain attention when absent. */
  name?: string;
  /** Its own row and column labels, where they are not the export's tokens. */
  tokens?: readonly Token[];
  /** tokens x tokens, row-major: [query][key]. */
  weights: HeadMatrix;
}

const ATTENTION = 'attention';

export interface AttentionExport {
  /** The model reference as it stands in the settings. */
  model: string;
  text: string;
  view: string;
  tokens: Token[];
  heads: HeadWeights[];
}

/** The heads a view shows: the whole model for the grid, a layer's active heads for lines. */
export function headsOfView(
  attention: HeadMatrix[][],
  view: string,
  layer: number,
  head: number,
  lineHeads: readonly number[] | null,
): HeadWeights[] {
  const at = (l: number, h: number): HeadWeights[] =>
    attention[l]?.[h] ? [{ layer: l, head: h, weights: attention[l][h] }] : [];
  if (view === 'grid') {
    return attention.flatMap((heads, l) => heads.flatMap((_, h) => at(l, h)));
  }
  if (view === 'lines') {
    const shown = lineHeads ?? (attention[layer] ?? []).map((_, h) => h);
    return shown.flatMap((h) => at(layer, h));
  }
  return at(layer, head);
}

const CSV_HEADER = [
  'model',
  'matrix',
  'layer',
  'head',
  'query',
  'query_token',
  'key',
  'key_token',
  'weight',
];

/**
 * Quotes every text field. Text starting with = + - @ or a tab is prefixed with an apostrophe,
 * because spreadsheets would otherwise run it as a formula; the JSON keeps the exact text.
 */
function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function attentionCsv(data: AttentionExport): string {
  const model = csvText(data.model);
  const lines = [CSV_HEADER.join(',')];
  for (const { layer, head, name, tokens, weights } of data.heads) {
    const tokenText = (tokens ?? data.tokens).map((t) => csvText(t.text));
    const seqLen = tokenText.length;
    const prefix = `${model},${csvText(name ?? ATTENTION)},${layer ?? ''},${head ?? ''}`;
    for (let q = 0; q < seqLen; q++) {
      for (let k = 0; k < seqLen; k++) {
        const weight = weights[q * seqLen + k];
        lines.push(`${prefix},${q},${tokenText[q]},${k},${tokenText[k]},${weight}`);
      }
    }
  }
  return lines.join('\r\n') + '\r\n';
}

export function attentionJson(data: AttentionExport): string {
  const described = (tokens: readonly Token[]) =>
    tokens.map((t, position) => ({ position, id: t.id, text: t.text, special: t.special }));
  return JSON.stringify(
    {
      model: data.model,
      text: data.text,
      view: data.view,
      tokens: described(data.tokens),
      heads: data.heads.map(({ layer, head, name, tokens, weights }) => ({
        layer,
        head,
        ...(name && { matrix: name }),
        ...(tokens && { tokens: described(tokens) }),
        weights: toRows(weights, (tokens ?? data.tokens).length),
      })),
    },
    null,
    1,
  );
}
