import { Box, Text } from 'ink';
import { SCREENS, type ScreenName } from '../state/app.js';
import type { Theme } from '../theme.js';

const TITLES: Record<ScreenName, string> = { tutorial: 'Tutorial', train: 'Train', playground: 'Playground', inspect: 'Inspect' };

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
          <Text key={s}>
            {' '}
            <Text inverse={s === screen} bold={s === screen}>{` ${i + 1} ${TITLES[s]} `}</Text>
          </Text>
        ))}
      </Text>
      <Text dimColor>{right}</Text>
    </Box>
  );
}
