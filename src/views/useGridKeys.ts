/**
 * Arrow keys between the heads of the model grid. The grid may be sorted, filtered or wrapped,
 * so the next head is found where it is drawn: the nearest cell in the arrow's direction.
 * One cell at a time is in the tab order (the selected head), so Tab passes the grid in one
 * step instead of stopping at every head.
 */
import { useCallback, useLayoutEffect, useRef } from 'react';

const CELL = '.grid-cell';

type Direction = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

function centre(element: Element) {
  const rect = element.getBoundingClientRect();
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2, rect };
}

/** The cell nearest to `from` in `direction`, on the same row or column; null at the edge. */
function neighbour(cells: Element[], from: Element, direction: Direction): Element | null {
  const here = centre(from);
  const horizontal = direction === 'ArrowLeft' || direction === 'ArrowRight';
  const sign = direction === 'ArrowRight' || direction === 'ArrowDown' ? 1 : -1;
  let best: Element | null = null;
  let bestDistance = Infinity;
  for (const cell of cells) {
    if (cell === from) continue;
    const there = centre(cell);
    const along = horizontal ? there.x - here.x : there.y - here.y;
    const across = horizontal ? there.y - here.y : there.x - here.x;
    const sameLine = Math.abs(across) < (horizontal ? here.rect.height : here.rect.width) / 2;
    if (!sameLine || along * sign <= 1) continue;
    if (Math.abs(along) < bestDistance) {
      best = cell;
      bestDistance = Math.abs(along);
    }
  }
  return best;
}

function rove(cells: Element[], current: Element | undefined): void {
  for (const cell of cells) cell.setAttribute('tabindex', cell === current ? '0' : '-1');
}

/** Props for the grid's container: a ref and the key handler. */
export function useGridKeys() {
  const ref = useRef<HTMLDivElement>(null);

  // Runs after every render, since sorting and filtering change which cells exist.
  useLayoutEffect(() => {
    const cells = [...(ref.current?.querySelectorAll(CELL) ?? [])];
    const focused = cells.find((cell) => cell === document.activeElement);
    rove(cells, focused ?? cells.find((cell) => cell.classList.contains('selected')) ?? cells[0]);
  });

  const onKeyDown = useCallback((event: React.KeyboardEvent<HTMLDivElement>) => {
    const target = (event.target as Element).closest(CELL);
    if (!target || !ref.current || event.shiftKey || event.altKey || event.ctrlKey) return;
    const cells = [...ref.current.querySelectorAll(CELL)];
    let next: Element | null;
    if (event.key === 'Home') next = cells[0] ?? null;
    else if (event.key === 'End') next = cells.at(-1) ?? null;
    else if (/^Arrow(Left|Right|Up|Down)$/.test(event.key)) {
      next = neighbour(cells, target, event.key as Direction);
    } else return;

    event.preventDefault();
    if (next instanceof HTMLElement) {
      rove(cells, next);
      next.focus();
    }
  }, []);

  return { ref, onKeyDown };
}
