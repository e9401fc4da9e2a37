import { Box, Text } from 'ink';
import { SCREENS, type ScreenName } from '../state/app.js';
import type { Theme } from '../theme.js';

/** Each screen's name, on its tab and over its keys in the help. */
export const TITLES: Record<ScreenName, string> = { tutorial: 'Tutorial', train: 'Train', playground: 'Playground', inspect: 'Inspect', generate: 'Generate' };

export interface HeaderProps {
  screen: ScreenName;
  width: number;
  theme: Theme;
}

/** The top line: the app's name, the screens as tabs (the shown one inverted), and help. */
export function Header({ screen, width, theme }: HeaderProps) {
  const right = '? help · q quit';
  return (
    <Box width={width} justifyContent="space-between">
      <Text>
        <Text bold color={theme.color ? 'cyan' : undefined}>attn </Text>
        {SCREENS.map((s, i) => (
          <Text key={s} inverse={s === screen} bold={s === screen}>{` ${i + 1} ${TITLES[s]} `}</Text>
        ))}
      </Text>
      <Text dimColor>{right}</Text>
    </Box>
  );
}
