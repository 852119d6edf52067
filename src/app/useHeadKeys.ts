/**
 * Shift + arrow keys move between heads (left, right) and layers (up, down) from anywhere on
 * the page except where the keys edit something.
 */
import { useEffect, useRef } from 'react';
import type { Settings } from './settings';

export function useHeadKeys(
  settings: Settings,
  update: (patch: Partial<Settings>) => void,
  numLayers: number,
  numHeads: number,
): void {
  const latest = useRef({ settings, numLayers, numHeads });
  useEffect(() => {
    latest.current = { settings, numLayers, numHeads };
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.shiftKey) return;
      const target = event.target as HTMLElement | null;
      if (target && /^(TEXTAREA|INPUT|SELECT)$/.test(target.tagName)) return;
      const { settings: s, numLayers: layers, numHeads: heads } = latest.current;
      const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
      const moves: Record<string, Partial<Settings>> = {
        ArrowLeft: { head: clamp(s.head - 1, heads) },
        ArrowRight: { head: clamp(s.head + 1, heads) },
        ArrowUp: { layer: clamp(s.layer - 1, layers) },
        ArrowDown: { layer: clamp(s.layer + 1, layers) },
      };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      update(move);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [update]);
}
