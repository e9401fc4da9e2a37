import { Text } from 'ink';
import stringWidth from 'string-width';
import type { Theme } from '../theme.js';

export interface TextFieldProps {
  label: string;
  value: string;
  /** Shows a block cursor at the end. */
  focused: boolean;
  width: number;
  theme: Theme;
}

/** One line of input: `label › value▌`, scrolled to show its end if it is too long. */
export function TextField({ label, value, focused, width, theme }: TextFieldProps) {
  const room = Math.max(1, width - stringWidth(label) - 4);
  const shown = value.length > room ? `…${value.slice(value.length - room + 1)}` : value;
  return (
    <Text>
      <Text bold>{label}</Text>
      <Text color={theme.color ? 'cyan' : undefined}>{' › '}</Text>
      <Text>{shown}</Text>
      {focused ? <Text inverse> </Text> : null}
    </Text>
  );
}
