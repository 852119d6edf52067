import type { ThemeChoice } from './settings';
import { useTheme } from './useTheme';

interface ThemeToggleProps {
  /** The chosen theme; 'system' follows the operating system's light or dark setting. */
  theme: ThemeChoice;
  onChange: (theme: ThemeChoice) => void;
}

/** Chooses light, dark or the system's theme, and applies it to the page. */
export function ThemeToggle({ theme, onChange }: ThemeToggleProps) {
  useTheme(theme);
  return (
    <label>
      Theme{' '}
      <select value={theme} onChange={(e) => onChange(e.target.value as ThemeChoice)}>
        <option value="system">system</option>
        <option value="light">light</option>
        <option value="dark">dark</option>
      </select>
    </label>
  );
}
