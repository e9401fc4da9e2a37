import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { Heatmap, probability } from '../components/Heatmap.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { TextField } from '../components/TextField.js';
import { int } from '../format.js';
import { inputMessage, type PlaygroundState } from '../state/playground.js';
import type { Theme } from '../theme.js';

export interface PlaygroundScreenProps {
  state: PlaygroundState;
  width: number;
  height: number;
  theme: Theme;
}

/**
 * The playground: the learner types an input, and sees the trained model's answer and, for
 * each layer and head, what each token attends to.
 */
export function PlaygroundScreen({ state, width, height, theme }: PlaygroundScreenProps) {
  const task = state.tasks[state.index];
  if (!task) return <Text>No tasks to play with.</Text>;
  const red = theme.color ? 'red' : undefined;
  const others = state.tasks.length > 1 ? ` (↑/↓: ${state.tasks.length - 1} other task${state.tasks.length > 2 ? 's' : ''})` : '';
  if (task.unsupported) {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>{`Playground · ${task.name}${others}`}</Text>
        <Text>{`The playground cannot run ${task.name}: ${task.unsupported}.`}</Text>
      </Box>
    );
  }
  const m = state.model;
  let status: ReactNode;
  if (m.status === 'training') {
    status = (
      <Text>
        <Text>{`training ${task.name} for the playground  `}</Text>
        <ProgressBar fraction={m.totalSteps ? m.step / m.totalSteps : 0} width={20} theme={theme} />
        <Text>{`  ${int(m.step)}/${int(m.totalSteps)}`}</Text>
      </Text>
    );
  } else if (m.status === 'ready') {
    status = <Text dimColor wrap="truncate">{`model: ${m.source}`}</Text>;
  } else if (m.status === 'failed') {
    status = <Text color={red} wrap="truncate">{`error: ${m.message}`}</Text>;
  } else {
    status = <Text dimColor>no trained model yet</Text>;
  }
  const msg = inputMessage(state);
  const r = state.result;
  const map = r && r.attention.length > 0 ? r.attention[Math.min(state.head, r.attention.length - 1)] : null;
  const label = r ? Math.max(...r.tokens.map((t) => t.length)) : 1;
  const cellWidth = r ? Math.max(3, Math.min(7, Math.floor((width - label - 1) / r.tokens.length))) : 4;
  const heads = r?.attention.length ?? 0;
  const attentionTitle = map
    ? `attention${heads > 1 ? ` · layer ${map.layer} head ${map.head} (${state.head + 1}/${heads}, [ ])` : ''} · rows attend to columns`
    : '';
  // the heatmap needs a header and a line per token; the note goes only where it still fits
  const showNote = r?.note !== undefined && (r ? r.tokens.length + 1 : 0) + 8 <= height;
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text bold wrap="truncate">{`Playground · ${task.name}${others}`}</Text>
      {status}
      <Text dimColor wrap="truncate">{task.hint}</Text>
      <TextField label="input" value={state.text} cursor={state.cursor} focused width={width} theme={theme} />
      {msg ? <Text wrap="truncate" color={msg.kind === 'error' ? red : undefined} dimColor={msg.kind === 'hint'}>{`${msg.kind === 'hint' ? '' : `${msg.kind}: `}${msg.text}`}</Text> : <Text> </Text>}
      {r && m.status === 'ready' ? (
        <>
          <Text wrap="truncate">
            <Text>answer </Text>
            <Text bold>{r.answer}</Text>
            {r.expected !== null ? <Text>{`   expected ${r.expected}`}</Text> : null}
            {r.correct === true ? <Text color={theme.color ? 'green' : undefined}>   ✓ right</Text> : null}
            {r.correct === false ? <Text color={red}>   ✗ wrong</Text> : null}
            {r.note && !showNote ? <Text dimColor>{`   ${r.note}`}</Text> : null}
          </Text>
          {showNote ? <Text dimColor wrap="truncate">{r.note}</Text> : null}
          {map ? (
            <>
              <Text bold wrap="truncate">{attentionTitle}</Text>
              <Heatmap rows={r.tokens} cols={r.tokens} values={map.weights} mask={map.mask} domain={[0, 1]} cellWidth={cellWidth} format={probability} theme={theme} />
            </>
          ) : null}
        </>
      ) : (
        <Text dimColor>{m.status === 'training' ? 'the answer appears once the model is trained' : ' '}</Text>
      )}
      {m.message && m.status !== 'failed' ? <Text wrap="truncate" color={red}>{`error: ${m.message}`}</Text> : null}
    </Box>
  );
}
