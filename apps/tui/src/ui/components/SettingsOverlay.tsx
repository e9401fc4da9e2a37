import { Box, Text } from 'ink';
import type { Theme } from '../theme.js';
import { RampLegend } from './Heatmap.js';

export interface SettingsOverlayProps {
  theme: Theme;
  width: number;
  height: number;
}

/**
 * The visual settings (`o`): colour on or off and the heatmaps' palette, each with its key, its
 * current value and what it changes, and a sample of the ramp as the heatmaps now draw it.
 */
export function SettingsOverlay({ theme, width, height }: SettingsOverlayProps) {
  const key = (k: string) => <Text bold color={theme.color ? 'cyan' : undefined}>{k}</Text>;
  const rows = [
    {
      key: 'c', name: 'colour ', value: theme.color ? 'on' : 'off',
      about: theme.color ? 'heatmaps, curves, tabs and keys in colour' : 'no colour: shade glyphs ░▒▓█ carry the values (as with NO_COLOR)',
    },
    {
      key: 'p', name: 'palette', value: theme.palette,
      about: `${theme.palette === 'cividis' ? 'reads the same with every common colour-vision deficiency' : 'black to white, no hue'}${theme.color ? '' : ' (when colour is on)'}`,
    },
  ];
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text bold wrap="truncate">Visual settings <Text dimColor>(o or esc closes)</Text></Text>
      <Box flexDirection="column" marginTop={1}>
        {rows.map((r) => (
          <Box key={r.key} flexDirection="column">
            <Text wrap="truncate">{key(r.key)}{`  ${r.name}  `}<Text bold>{r.value}</Text></Text>
            <Box paddingLeft={3}><Text dimColor wrap="wrap">{r.about}</Text></Box>
          </Box>
        ))}
      </Box>
      <Box marginTop={1}>
        <Text wrap="truncate">{'A heatmap now shades from low to high: '}<RampLegend lo="low" hi="high" theme={theme} /></Text>
      </Box>
      <Box marginTop={1}>
        <Text dimColor wrap="wrap">NO_COLOR sets colour off when attn starts; these settings last until it quits.</Text>
      </Box>
    </Box>
  );
}
