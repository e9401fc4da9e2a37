import { Box, Text } from 'ink';
import { TextField } from '../components/TextField.js';
import { clip, int } from '../format.js';
import { type GenerateState, sequenceOf, SETTING_NAMES, SETTINGS, settingText, textWindow, topKeys } from '../state/generate.js';
import { rampColor, shade, textOn, type Theme } from '../theme.js';

export interface GenerateScreenProps {
  state: GenerateState;
  /** Whether a run on the Train screen is training (`t` then has nothing to start). */
  training: boolean;
  width: number;
  height: number;
  theme: Theme;
}

/** Rows of the running text. */
const TEXT_ROWS = 3;
/** Keys listed for each head, most attended first. */
const TOP = 3;
/** Columns of the head label, `1.3  `. */
const HEAD_LABEL = 5;

const percent = (w: number) => `${Math.round(w * 100)}%`;
/** A prompt on one line: its newlines and tabs as visible characters, one for one (the cursor stays where it is). */
const visible = (text: string) => text.replace(/\n/g, '↵').replace(/\t/g, '⇥');

/**
 * The Generate screen: a text model writes after the learner's prompt, token by token, with the
 * sampling settings shown; for the token under the cursor, each layer's heads in a row: the
 * tokens the model read when it wrote it, shaded by how much the head attended to each, and the
 * few it attended to most, with their shares.
 */
export function GenerateScreen({ state, training, width, height, theme }: GenerateScreenProps) {
  const red = theme.color ? 'red' : undefined;
  const m = state.model;
  if (!m) {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>Generate</Text>
        <Text> </Text>
        <Text wrap="wrap">No text model yet. This screen writes with a model trained on text, and shows what each of its attention heads looked at for every token it writes.</Text>
        <Text> </Text>
        <Text wrap="wrap">{training ? 'A run is training on the Train screen: its model shows here once it is on text.' : 't trains the text task here (its run shows on the Train screen, 2).'}</Text>
        <Text wrap="wrap">From the command line: attn train --text FILE, then 5; or attn playground --checkpoint FILE for a saved text model.</Text>
        {state.message ? <Text wrap="truncate" color={red}>{`error: ${state.message}`}</Text> : null}
      </Box>
    );
  }
  const editingSetting = state.editing !== null && state.editing !== 'prompt' ? state.editing : null;
  const settings = SETTINGS.map((f) => (f === 'tokens' ? `${settingText(f, state.sampling)} tokens` : `${SETTING_NAMES[f]} ${settingText(f, state.sampling)}`)).join(' · ');
  let status: string;
  if (state.message) status = `error: ${state.message}`;
  else if (state.status === 'generating') status = `writing… ${int(state.tokens.length)} of ${int(state.sampling.tokens)} tokens (x stops)`;
  else if (state.status === 'stopped') status = `stopped after ${int(state.tokens.length)} of ${int(state.sampling.tokens)} tokens (g: again)`;
  else if (state.status === 'done') status = `${int(state.tokens.length)} tokens written · ←/→ choose one to see what each head looked at`;
  else status = state.prompt === '' ? 'e: type a prompt' : '';

  const { sequence, at } = sequenceOf(state);
  const P = state.promptTokens.length;
  const selected = state.tokens[state.cursor];
  const text = textWindow(sequence.map((id) => m.texts[id] ?? '?'), width, TEXT_ROWS, at);

  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate">
        <Text bold>{`Generate · ${m.task}  `}</Text>
        <Text dimColor>{m.source}</Text>
      </Text>
      {editingSetting ? (
        <TextField label={SETTING_NAMES[editingSetting]} value={state.line.text} cursor={state.line.cursor} focused width={width} theme={theme} />
      ) : (
        <Text wrap="truncate">{settings}</Text>
      )}
      <TextField
        label="prompt"
        value={visible(state.editing === 'prompt' ? state.line.text : state.prompt)}
        cursor={state.editing === 'prompt' ? state.line.cursor : state.prompt.length}
        focused={state.editing === 'prompt'}
        width={width}
        theme={theme}
      />
      <Text wrap="truncate" color={state.message ? red : undefined} dimColor={!state.message}>{status || ' '}</Text>
      {Array.from({ length: TEXT_ROWS }, (_, r) => {
        const line = text.lines[r];
        return (
          <Text key={r} wrap="truncate">
            {line ? line.map((run, i) => (
              <Text key={i} inverse={run.position === at && selected !== undefined} dimColor={run.position < P}>{run.text}</Text>
            )) : ' '}
          </Text>
        );
      })}
      {selected ? <Attention state={state} width={width} height={height - 4 - TEXT_ROWS} theme={theme} /> : null}
    </Box>
  );
}

/** One of a head's most attended keys: its label, how many tokens back from the token written, its share. */
const topText = (label: string, back: number, weight: number) => `'${clip(label, 3)}'-${back} ${percent(weight)}`;
/** Columns of the list of most attended keys (three of them at their widest, for a one-character label). */
const TOP_WIDTH = TOP * 10 + (TOP - 1);

/** The selected token's attention: a title, the tokens read, and a row per head. */
function Attention({ state, width, height, theme }: { state: GenerateState; width: number; height: number; theme: Theme }) {
  const m = state.model!;
  const t = state.tokens[state.cursor];
  const { sequence, at } = sequenceOf(state);
  const label = (p: number) => m.labels[sequence[p]] ?? '?';
  const room = Math.max(8, width - HEAD_LABEL - 2 - TOP_WIDTH);
  const keys = at - t.start;
  const shown = Math.min(keys, room);
  const from = at - shown; // the keys shown: the last `room` the model read
  const rows = Math.max(1, height - 2);
  const n = t.heads.length;
  const fits = n <= rows;
  const offset = fits ? 0 : Math.min(state.headOffset, n - (rows - 1));
  const heads = fits ? t.heads : t.heads.slice(offset, offset + rows - 1);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold>{`token ${state.cursor + 1} of ${state.tokens.length} '${label(at)}'`}</Text>
        <Text>{shown < keys
          ? `: what each head looked at, the last ${int(shown)} of ${int(keys)} tokens before it`
          : `: what each head looked at in the ${int(keys)} token${keys === 1 ? '' : 's'} before it`}</Text>
      </Text>
      <Text wrap="truncate">
        <Text dimColor>{'head'.padEnd(HEAD_LABEL)}</Text>
        {Array.from({ length: shown }, (_, k) => label(from + k).slice(0, 1)).join('')}
        <Text dimColor>{'  most: token-back share'}</Text>
      </Text>
      {heads.map((h) => {
        const max = Math.max(...h.weights);
        // shaded by the head's own largest weight, so that a head spread thin still shows where it looks
        const cells = Array.from({ length: shown }, (_, k) => {
          const p = from + k;
          const v = max > 0 ? h.weights[p - t.start] / max : 0;
          if (!theme.color) return <Text key={k}>{shade(v)}</Text>;
          const bg = rampColor(v, theme.palette);
          return <Text key={k} backgroundColor={bg} color={textOn(bg)}>{label(p).slice(0, 1)}</Text>;
        });
        const top = topKeys(h, t.start, TOP).map((k) => topText(label(k.position), at - k.position, k.weight)).join(' ');
        return (
          <Text key={`${h.layer}.${h.head}`} wrap="truncate">
            <Text bold>{`${h.layer}.${h.head}`.padEnd(HEAD_LABEL)}</Text>
            {cells}
            <Text>{`  ${top}`}</Text>
          </Text>
        );
      })}
      {fits ? null : <Text dimColor wrap="truncate">{`heads ${offset + 1}–${offset + heads.length} of ${n} · ↑/↓ for the others`}</Text>}
    </Box>
  );
}
