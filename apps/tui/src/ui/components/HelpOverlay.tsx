import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import { cell } from '../format.js';
import type { HelpSection } from '../keys.js';
import type { Theme } from '../theme.js';

export interface HelpOverlayProps {
  sections: readonly HelpSection[];
  /** The title of the section to show first (the shown screen's): it is never the one left out. */
  first?: string;
  width: number;
  height: number;
  theme: Theme;
}

/** Lines a section takes: its title and its keys. */
const linesOf = (s: HelpSection) => s.keys.length + 1;

/**
 * The sections in columns of at most `rows` lines, a blank line between two: each, `first` first,
 * in the first column with room for it. Those with no room are `left` out; the column with room for
 * a note saying so is `noteIn`.
 */
export function helpColumns(sections: readonly HelpSection[], columns: number, rows: number, first?: string): { columns: HelpSection[][]; left: HelpSection[]; noteIn: number } {
  const ordered = [...sections.filter((s) => s.title === first), ...sections.filter((s) => s.title !== first)];
  const cols: HelpSection[][] = Array.from({ length: columns }, () => []);
  const used = cols.map(() => 0);
  const left: HelpSection[] = [];
  const room = (c: number, n: number) => used[c] + (cols[c].length ? 1 : 0) + n <= rows;
  for (const s of ordered) {
    const c = cols.findIndex((_, i) => room(i, linesOf(s)));
    if (c < 0) {
      left.push(s);
      continue;
    }
    used[c] += (cols[c].length ? 1 : 0) + linesOf(s);
    cols[c].push(s);
  }
  // the note takes a line, after a blank one: make room by leaving out the last section placed
  let noteIn = cols.findIndex((_, i) => room(i, 1));
  while (left.length > 0 && noteIn < 0) {
    let c = cols.length - 1;
    while (c >= 0 && cols[c].length <= 1) c--;
    if (c < 0) break; // every column holds a single section: no room to make
    const s = cols[c].pop()!;
    used[c] -= 1 + linesOf(s);
    left.unshift(s);
    noteIn = cols.findIndex((_, i) => room(i, 1));
  }
  return { columns: cols, left, noteIn };
}

/**
 * The keys, by screen, in two columns (one when the terminal is narrower than 80 columns), the
 * keys that work everywhere (sections with `line`) on the title line, the shown screen's first. A
 * section that does not fit is left out, and a line names it (`?` on its own screen shows it).
 */
export function HelpOverlay({ sections: all, first, width, height, theme }: HelpOverlayProps) {
  const sections = all.filter((s) => !s.line);
  const everywhere = all.filter((s) => s.line).flatMap((s) => s.keys);
  const keyWidth = Math.max(...sections.flatMap((s) => s.keys.map((k) => stringWidth(k.key))));
  const twoColumns = width >= 80;
  const colWidth = twoColumns ? Math.floor((width - 2) / 2) : width;
  const { columns, left, noteIn } = helpColumns(sections, twoColumns ? 2 : 1, height - 2, first);
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
  const note = left.length > 0 ? (
    <Box key="note" width={colWidth} marginTop={1}>
      <Text dimColor wrap="truncate">{`${left.map((s) => s.title).join(', ')}: press ? on ${left.length > 1 ? 'their screens' : 'its screen'}`}</Text>
    </Box>
  ) : null;
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
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
          <Box key={c} flexDirection="column" marginLeft={c > 0 ? 2 : 0}>
            {col.map(render)}
            {c === noteIn ? note : null}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
