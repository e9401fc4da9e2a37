import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import { cell } from '../format.js';
import type { HelpSection } from '../keys.js';
import type { Theme } from '../theme.js';

export interface HelpOverlayProps {
  sections: readonly HelpSection[];
  width: number;
  height: number;
  theme: Theme;
}

/** Lines the sections take in one column: a title and the keys each, a blank line between. */
const linesOf = (sections: readonly HelpSection[]) => sections.reduce((n, s) => n + s.keys.length + 1, 0) + sections.length - 1;

/**
 * The keys, by screen, in two columns (one when the terminal is narrower than 80 columns), the
 * keys that work everywhere (sections with `line`) on the title line: at 80×24 every key fits on
 * one screen.
 */
export function HelpOverlay({ sections: all, width, height, theme }: HelpOverlayProps) {
  const sections = all.filter((s) => !s.line);
  const everywhere = all.filter((s) => s.line).flatMap((s) => s.keys);
  const keyWidth = Math.max(...sections.flatMap((s) => s.keys.map((k) => stringWidth(k.key))));
  const twoColumns = width >= 80;
  const colWidth = twoColumns ? Math.floor((width - 2) / 2) : width;
  const half = Math.ceil(sections.length / 2);
  const render = (s: HelpSection, i: number) => (
    <Box key={s.title} flexDirection="column" width={colWidth} marginTop={i > 0 ? 1 : 0}>
      <Text bold underline>{s.title}</Text>
      {s.keys.map((k) => (
        <Text key={k.key} wrap="truncate">
          <Text color={theme.color ? 'cyan' : undefined} bold>{cell(k.key, keyWidth)}</Text>
          <Text>{`  ${k.label}`}</Text>
        </Text>
      ))}
    </Box>
  );
  const columns = twoColumns ? [sections.slice(0, half), sections.slice(half)] : [sections];
  const contentHeight = 2 + Math.max(...columns.map(linesOf));
  return (
    <Box flexDirection="column" width={width} height={Math.min(height, contentHeight)} overflowY="hidden">
      <Text bold wrap="truncate">
        {'Keys '}
        <Text dimColor>(esc closes)</Text>
        {everywhere.map((k) => (
          <Text key={k.key}>
            <Text dimColor>{' · '}</Text>
            <Text color={theme.color ? 'cyan' : undefined}>{k.key}</Text>
            <Text bold={false}>{` ${k.label}`}</Text>
          </Text>
        ))}
      </Text>
      <Box marginTop={1}>
        {columns.map((col, c) => (
          <Box key={c} flexDirection="column" marginLeft={c > 0 ? 2 : 0}>{col.map(render)}</Box>
        ))}
      </Box>
    </Box>
  );
}
