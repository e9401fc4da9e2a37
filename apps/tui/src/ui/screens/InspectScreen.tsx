import { Box, Text } from 'ink';
import { formatMetric, metricInfo, type MetricSource } from '@attn/train';
import { Heatmap, heatmapWidth, probability } from '../components/Heatmap.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { int } from '../format.js';
import { ablationText, headKey, type InspectHead, type InspectState } from '../state/inspect.js';
import type { Theme } from '../theme.js';
import { wrap } from '../../tutorial/render-text.js';

/** A run on the Train screen that will give the Inspect screen its model. */
export interface PendingRun {
  task: string;
  step: number;
  totalSteps: number;
}

export interface InspectScreenProps {
  state: InspectState;
  /** The Train screen's run in progress, if any. */
  training: PendingRun | null;
  /** The task the Train screen has selected (what `t` trains when there is no model). */
  nextTask: string | null;
  width: number;
  height: number;
  theme: Theme;
}

const score = (v: number | null, width: number) => (v === null ? '—' : v.toFixed(2)).padStart(width);
/** The grid's columns: selection mark, head, role, six scores, the metric with the head zeroed, importance, its ablation now. */
const GRID_WIDTH = 2 + 5 + 15 + 7 + 4 * 6 + 7 + 2 + 7 + 2 + 2 + 4;
const GRID_HEADER = `  ${'head'.padEnd(5)}${'role'.padEnd(15)}${'entropy'.padStart(7)}${['first', 'prev', 'self', 'dup'].map((h) => h.padStart(6)).join('')}${'induct'.padStart(7)}  ${'zeroed'.padStart(7)}    now `;

function gridRow(h: InspectHead, state: InspectState, src: MetricSource, selected: boolean): string {
  const s = h.scores;
  const m = state.importance.heads[headKey(h)];
  const name = state.metric?.name ?? '';
  const zeroed = m ? formatMetric(src, name, m.zero) : state.importance.status === 'measuring' ? '…' : '';
  const now = state.ablations[headKey(h)] ?? '';
  return `${selected ? '› ' : '  '}${headKey(h).padEnd(5)}${h.role.padEnd(15)}${score(s.entropyFraction, 7)}${[s.sink, s.previous, s.self, s.duplicate].map((v) => score(v, 6)).join('')}${score(s.induction, 7)}  ${zeroed.padStart(7)}${m?.important ? ' ✱' : '  '}  ${now}`;
}

/** The rows of a list of `n` that fit in `room` lines with the selected one among them. */
function windowOf(n: number, selected: number, room: number): [number, number] {
  if (n <= room) return [0, n];
  const start = Math.max(0, Math.min(selected - Math.floor(room / 2), n - room));
  return [start, start + room];
}

/**
 * What each head of the latest trained model does: one row per head with its role and scores,
 * and (once measured) the task's metric with the head knocked out; the selected head's sentence
 * and its attention on the task's probe input. Heads knocked out with `a` or `m` stay out of the
 * live model, and the metric shows what that does.
 */
export function InspectScreen({ state, training, nextTask, width, height, theme }: InspectScreenProps) {
  const red = theme.color ? 'red' : undefined;
  const title = 'Inspect · what is each head paying attention to?';
  if (state.status === 'none' || (state.status === 'loading' && state.heads.length === 0)) {
    let body;
    if (state.status === 'loading') {
      body = <Text>{`measuring every head of ${state.task}'s model (${state.source})…`}</Text>;
    } else if (training) {
      body = (
        <>
          <Text>
            <Text>{`training ${training.task} on the Train screen  `}</Text>
            <ProgressBar fraction={training.totalSteps ? training.step / training.totalSteps : 0} width={20} theme={theme} />
            <Text>{`  ${int(training.step)}/${int(training.totalSteps)}`}</Text>
          </Text>
          <Text dimColor>its heads appear here when the run is done</Text>
        </>
      );
    } else {
      body = (
        <>
          <Text>No model has been trained in this session yet: train a model on screen 2 first,</Text>
          <Text>{nextTask ? `or press t to train ${nextTask} (the Train screen's choice) with its defaults.` : 'then come back here.'}</Text>
        </>
      );
    }
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>{title}</Text>
        <Text> </Text>
        {body}
        <Text> </Text>
        {wrap('Here every head of the latest model trained (or loaded) gets a role from what it looks at, its scores, and, '
          + 'knocked out, what the task\'s metric does without it.', Math.min(width, 80)).map((l, i) => <Text key={i} dimColor>{l}</Text>)}
      </Box>
    );
  }
  if (state.status === 'failed' && state.heads.length === 0) {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>{`Inspect · ${state.task}`}</Text>
        <Text color={red} wrap="wrap">{`error: ${state.message}`}</Text>
      </Box>
    );
  }
  const src: MetricSource = { metrics: state.metricInfo };
  const name = state.metric?.name ?? '';
  const label = metricInfo(src, name).label;
  const fmt = (v: number) => formatMetric(src, name, v);
  const ablated = ablationText(state);
  let status: string;
  if (!ablated) status = `${label} ${state.baseline === null ? '—' : fmt(state.baseline)}, every head intact`;
  else status = `${label} ${state.baseline === null ? '—' : fmt(state.baseline)} → ${state.evaluating || state.current === null ? '…' : fmt(state.current)} with ${ablated}`;

  let info: { text: string; color?: string; dim?: boolean };
  if (state.message) info = { text: state.message, color: red };
  else if (state.noAblation) info = { text: state.noAblation, dim: true };
  else if (state.importance.status === 'measuring') info = { text: 'measuring: each head knocked out in turn (zero, mean), the task evaluated…', color: theme.color ? 'yellow' : undefined };
  else if (state.importance.status === 'done') info = { text: `✱ important: knocking the head out makes ${label} ≥${state.importance.threshold * 100}% worse`, dim: true };
  else info = { text: 'a zeroes the selected head, m mean-ablates it, i measures every head', dim: true };

  const selected = state.heads[Math.min(state.selected, state.heads.length - 1)];
  const map = state.probe?.maps.find((m) => m.layer === selected.layer && m.head === selected.head) ?? null;
  const tokens = state.probe?.tokens ?? [];
  const tokenLabel = Math.max(1, ...tokens.map((t) => t.length));
  const sideCell = 4;
  const side = map !== null && width >= GRID_WIDTH + 2 + heatmapWidth(tokens, tokens.length, sideCell);
  const leftWidth = side ? GRID_WIDTH : width;
  const sentence = wrap(selected.sentence, leftWidth).slice(0, 3);

  // lines: title, status, info, grid header, rows, (more), sentence, then the heatmap's title, header and rows
  const top = 4;
  const heatmapNeeds = map ? (side ? 0 : 2 + Math.min(tokens.length, 2)) : 0;
  const room = Math.max(1, height - top - sentence.length - heatmapNeeds);
  const [from, to] = windowOf(state.heads.length, state.selected, state.heads.length > room ? room - 1 : room);
  const gridLines = to - from + (state.heads.length > to - from ? 1 : 0);
  const heatmapRoom = side ? height - top + 1 : height - top - gridLines - sentence.length;
  // the heatmap's title (and, beside the grid, its subtitle) and column labels come before its rows
  const chrome = side ? 3 : 2;
  const shownRows = map ? Math.max(0, Math.min(tokens.length, heatmapRoom - chrome - (tokens.length > heatmapRoom - chrome ? 1 : 0))) : 0;
  const cellWidth = side ? sideCell : Math.max(3, Math.min(6, Math.floor((width - tokenLabel - 1) / Math.max(1, tokens.length))));
  const selectedTag = state.ablations[headKey(selected)];

  const what = `head ${headKey(selected)}${selectedTag ? ` (${selectedTag === 'zero' ? 'zeroed' : 'mean-ablated'})` : ''} on the probe`;
  const heatmap = map ? (
    <Box flexDirection="column" flexShrink={0} width={side ? width - leftWidth - 2 : width}>
      <Text bold wrap="truncate">{side ? what : `${what} · rows attend to columns`}</Text>
      {side ? <Text dimColor wrap="truncate">rows attend to columns</Text> : null}
      <Heatmap
        rows={tokens.slice(0, shownRows)} cols={tokens} values={map.weights.slice(0, shownRows)} mask={map.mask?.slice(0, shownRows)}
        domain={[0, 1]} cellWidth={cellWidth} format={probability} theme={theme}
      />
      {shownRows < tokens.length ? <Text dimColor wrap="truncate">{`… ${tokens.length - shownRows} more row${tokens.length - shownRows > 1 ? 's' : ''}: a taller terminal shows them`}</Text> : null}
    </Box>
  ) : null;
  const grid = (
    <Box flexDirection="column" width={leftWidth} flexShrink={0}>
      <Text dimColor wrap="truncate">{GRID_HEADER}</Text>
      {state.heads.slice(from, to).map((h, i) => {
        const on = from + i === state.selected;
        return (
          <Text key={headKey(h)} wrap="truncate" bold={on} color={on && theme.color ? 'cyan' : undefined}>{gridRow(h, state, src, on)}</Text>
        );
      })}
      {to - from < state.heads.length ? <Text dimColor wrap="truncate">{`heads ${from + 1}–${to} of ${state.heads.length} (↑/↓ scrolls)`}</Text> : null}
      {sentence.map((l, i) => <Text key={i} wrap="truncate">{l}</Text>)}
    </Box>
  );
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate">
        <Text bold>{`Inspect · ${state.task}`}</Text>
        <Text dimColor>{`  ${state.source ?? ''}`}</Text>
      </Text>
      <Text wrap="truncate" bold={ablated !== ''}>{status}</Text>
      <Text wrap="truncate" color={info.color} dimColor={info.dim}>{info.text}</Text>
      {side ? (
        <Box>
          {grid}
          <Box marginLeft={2}>{heatmap}</Box>
        </Box>
      ) : (
        <>
          {grid}
          {heatmap}
        </>
      )}
    </Box>
  );
}
