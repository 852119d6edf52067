/**
 * Puts the chosen theme on the root element. The stylesheet follows the system's setting unless
 * `data-theme` names light or dark, so 'system' simply removes the attribute. A layout effect,
 * so a stored choice is in place before the first paint rather than flashing the other theme.
 */
import { useLayoutEffect } from 'react';
import type { ThemeChoice } from './settings';

export function useTheme(theme: ThemeChoice): void {
  useLayoutEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }, [theme]);
}
