/** Arrow keys through the cells of a seqLen x seqLen matrix, shared by every heatmap. */

export interface Cell {
  query: number;
  key: number;
}

const MOVES: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/**
 * The cell an arrow key moves to from `from` (the first cell when nothing has the focus yet),
 * kept inside the matrix; null for other keys, and for Shift + arrows, which move between heads.
 */
export function cellAfterKey(key: string, shift: boolean, from: Cell | null, seqLen: number) {
  const move = MOVES[key];
  if (!move || shift || seqLen === 0) return null;
  const start = from ?? { query: 0, key: 0 };
  const clamp = (v: number) => Math.max(0, Math.min(seqLen - 1, v));
  return { query: clamp(start.query + move[0]), key: clamp(start.key + move[1]) };
}
