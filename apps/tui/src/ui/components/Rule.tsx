import { Text } from 'ink';

/** A horizontal line across `width` columns. */
export function Rule({ width }: { width: number }) {
  return <Text dimColor>{'─'.repeat(Math.max(0, width))}</Text>;
}
