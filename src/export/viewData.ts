/**
 * The numbers a derived view draws (an aggregate, a difference, the steps of the mechanism),
 * handed to the export menu so that CSV and JSON hold what is on screen rather than the raw
 * head behind it. Views put them in a store outside React state, so handing them over never
 * re-renders the page; the menu reads the store when a file is saved.
 */
import { createContext, useContext, useEffect } from 'react';
import type { HeadMatrix, Token } from '../model/types';

export interface ViewMatrix {
  /** What the matrix is, as the view titles it: "mean over the heads of layer 2". */
  name: string;
  /** The head it belongs to, or null for a matrix folded from several. */
  layer: number | null;
  head: number | null;
  /** Row and column labels; a comparison of two texts has its own for each side. */
  tokens: readonly Token[];
  /** tokens.length squared, row-major: [query][key]. */
  weights: HeadMatrix;
}

export interface ViewDataStore {
  get(): ViewMatrix[] | null;
  set(matrices: ViewMatrix[] | null): void;
}

export function createViewDataStore(): ViewDataStore {
  let current: ViewMatrix[] | null = null;
  return {
    get: () => current,
    set: (matrices) => {
      current = matrices;
    },
  };
}

export const ViewDataContext = createContext<ViewDataStore | null>(null);

/** Offers `matrices` for export while the calling view is on screen. */
export function useExportedMatrices(matrices: ViewMatrix[] | null): void {
  const store = useContext(ViewDataContext);
  useEffect(() => {
    if (!store) return;
    store.set(matrices);
    return () => {
      if (store.get() === matrices) store.set(null);
    };
  }, [store, matrices]);
}
