/**
 * The numbers behind a view as CSV (one row per query, key and head, for spreadsheets and
 * pandas) and JSON (nested [query][key] rows, for scripts).
 */
import type { HeadMatrix, Token } from '../model/types';
import { toRows } from '../analysis/shape';

export interface HeadWeights {
  layer: number;
  head: number;
  /** seqLen x seqLen, row-major: [query][key]. */
  weights: HeadMatrix;
}

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

const CSV_HEADER = ['model', 'layer', 'head', 'query', 'query_token', 'key', 'key_token', 'weight'];

/**
 * Quotes every text field. Text starting with = + - @ or a tab is prefixed with an apostrophe,
 * because spreadsheets would otherwise run it as a formula; the JSON keeps the exact text.
 */
function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function attentionCsv(data: AttentionExport): string {
  const seqLen = data.tokens.length;
  const model = csvText(data.model);
  const tokenText = data.tokens.map((t) => csvText(t.text));
  const lines = [CSV_HEADER.join(',')];
  for (const { layer, head, weights } of data.heads) {
    for (let q = 0; q < seqLen; q++) {
      for (let k = 0; k < seqLen; k++) {
        const weight = weights[q * seqLen + k];
        lines.push(`${model},${layer},${head},${q},${tokenText[q]},${k},${tokenText[k]},${weight}`);
      }
    }
  }
  return lines.join('\r\n') + '\r\n';
}

export function attentionJson(data: AttentionExport): string {
  const seqLen = data.tokens.length;
  return JSON.stringify(
    {
      model: data.model,
      text: data.text,
      view: data.view,
      tokens: data.tokens.map((t, position) => ({
        position,
        id: t.id,
        text: t.text,
        special: t.special,
      })),
      heads: data.heads.map(({ layer, head, weights }) => ({
        layer,
        head,
        weights: toRows(weights, seqLen),
      })),
    },
    null,
    1,
  );
}
