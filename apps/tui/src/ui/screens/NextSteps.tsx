import { Box, Text } from 'ink';
import { wrap } from '../../tutorial/render-text.js';
import type { Theme } from '../theme.js';

/** The ideas that turn one attention head into a transformer, and where to see each in this app. */
export const NEXT_STEPS: readonly { name: string; text: string }[] = [
  { name: 'Multi-head attention', text: 'several heads side by side, each with its own slice of Q, K and V. 2 trains sort: ←/→ shows its two heads.' },
  { name: 'Positional encoding', text: 'attention alone ignores order: [5, 3] gets the same answer as [3, 5]. Sort adds a vector per position.' },
  { name: 'Layer normalization', text: 'rescales each token\'s vector to mean 0 and variance 1, which keeps training stable.' },
  { name: 'Residual connections', text: 'add a block\'s input to its output, x + attention(x): layers refine the vectors, not replace them.' },
  { name: 'Transformer blocks', text: 'all of these, stacked: sort\'s model is one block, induction\'s two; 4 shows what each head learned.' },
]

/** Width of the column of names. */
const NAME = 22;

/**
 * The page after step 8: what comes after one attention head, an idea a paragraph, each with
 * the screen of this app that shows it and the docs that explain it with live figures.
 */
export function NextSteps({ width, theme }: { width: number; theme: Theme }) {
  const accent = theme.color ? 'cyan' : undefined;
  return (
    <Box flexDirection="column" width={width}>
      <Box justifyContent="space-between" width={width}>
        <Text bold>Next steps · from one head to a transformer</Text>
        <Text dimColor>← back to step 8</Text>
      </Box>
      <Text> </Text>
      {wrap('You have seen every number of one attention head. A transformer adds a few ideas around it:', width).map((l, i) => <Text key={i}>{l}</Text>)}
      <Text> </Text>
      {NEXT_STEPS.map(({ name, text }) => (
        <Box key={name}>
          <Box width={NAME} flexShrink={0}>
            <Text bold color={accent}>{name}</Text>
          </Box>
          <Box flexDirection="column">
            {wrap(text, width - NAME).map((l, i) => <Text key={i}>{l}</Text>)}
          </Box>
        </Box>
      ))}
      <Box flexGrow={1} />
      {wrap('Try them: 2 trains a task (sort, induction, …) and 4 inspects its heads. The docs explain each idea with live figures: "Beyond the tutorial" (pnpm docs:dev).', width).map((l, i) => <Text key={i} dimColor>{l}</Text>)}
    </Box>
  );
}
