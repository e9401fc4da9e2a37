import { Text } from 'ink';
import type { Theme } from '../theme.js';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * A bar of `width` characters filled to `fraction` with eighth-block precision.
 *
 * @example
 * ```ts
 * bar(0.5, 8); // '████░░░░'
 * ```
 */
export function bar(fraction: number, width: number): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8];
  return '█'.repeat(full) + part + '░'.repeat(Math.max(0, width - full - (part ? 1 : 0)));
}

export interface ProgressBarProps {
  fraction: number;
  width: number;
  theme: Theme;
  /** Colour of the filled part (ignored without colour). */
  color?: string;
}

/** A progress bar: the filled part coloured, the rest dim. */
export function ProgressBar({ fraction, width, theme, color = 'cyan' }: ProgressBarProps) {
  const text = bar(fraction, width);
  const split = text.indexOf('░');
  const done = split < 0 ? text : text.slice(0, split);
  const rest = split < 0 ? '' : text.slice(split);
  return (
    <Text>
      <Text color={theme.color ? color : undefined}>{done}</Text>
      <Text dimColor>{rest}</Text>
    </Text>
  );
}
