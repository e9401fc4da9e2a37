import { Box, Text } from 'ink';
import { tensorRows } from '@attn/core';
import { Heatmap, probability } from '../components/Heatmap.js';
import { LineChart, sparkline } from '../components/LineChart.js';
import { ProgressBar } from '../components/ProgressBar.js';
import stringWidth from 'string-width';
import { clip, compact, duration, int, traceTokenLabels } from '../format.js';
import { seriesPoints } from '../state/series.js';
import { etaOf, isActive, metricOf, progressOf, type TrainingState } from '../state/training.js';
import type { Theme } from '../theme.js';
import type { View } from '@attn/train';
import { renderView } from '../views.js';

export interface TaskInfo {
  name: string;
  description: string;
  source: string;
  steps: number;
}

export interface TrainScreenProps {
  state: TrainingState;
  tasks: readonly TaskInfo[];
  views: readonly View[];
  width: number;
  height: number;
  theme: Theme;
}

const STATUS: Record<TrainingState['status'], string> = {
  picking: '', starting: '● starting', running: '● running', paused: '❚❚ paused', stopping: '■ stopping…', done: '✓ done', stopped: '■ stopped', failed: '✗ failed',
};

function TaskPicker({ state, tasks, width, theme }: Pick<TrainScreenProps, 'state' | 'tasks' | 'width' | 'theme'>) {
  const name = Math.max(...tasks.map((t) => t.name.length));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Train a model on a task</Text>
      <Text dimColor>Choose with ↑/↓, start with enter. Every task trains in seconds.</Text>
      <Text> </Text>
      {tasks.map((t, i) => {
        const on = i === state.selected;
        const extra = t.source === 'built-in' ? '' : ` (${t.source})`;
        const line = `${on ? '›' : ' '} ${t.name.padEnd(name)}  ${t.description}${extra}`;
        return (
          <Text key={t.name} wrap="truncate" bold={on} color={on && theme.color ? 'cyan' : undefined}>{line}</Text>
        );
      })}
      {state.error ? <Text color={theme.color ? 'red' : undefined}>{`\nerror: ${state.error}`}</Text> : null}
      {state.note ? <Text dimColor>{`\n${state.note}`}</Text> : null}
    </Box>
  );
}

function AttentionPanel({ state, width, height, theme }: { state: TrainingState; width: number; height: number; theme: Theme }) {
  const trace = state.trace;
  if (!trace || trace.attention.length === 0) {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>attention</Text>
        <Text dimColor>{trace ? 'this model records no attention' : state.status === 'starting' ? 'starting…' : 'waiting for the first probe trace…'}</Text>
      </Box>
    );
  }
  const a = trace.attention[Math.min(state.head, trace.attention.length - 1)];
  const C = a.weights.shape[2];
  const rows = tensorRows(a.weights);
  const mask = a.mask ? tensorRows(a.mask) : undefined;
  const labels = traceTokenLabels(trace, C, state.vocabulary);
  const label = Math.max(...labels.map((l) => l.length));
  const cellWidth = Math.max(3, Math.min(7, Math.floor((width - label - 1) / C)));
  const heads = trace.attention.length;
  const where = heads > 1 ? ` · layer ${a.layer} head ${a.head} (${state.head + 1}/${heads})` : '';
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text bold wrap="truncate">{`attention${where}`}</Text>
      <Text dimColor wrap="truncate">{`probe at step ${int(state.traceStep)}: rows attend to columns`}</Text>
      <Heatmap rows={labels} cols={labels} values={rows} mask={mask} domain={[0, 1]} cellWidth={cellWidth} format={probability} theme={theme} />
    </Box>
  );
}

/**
 * The live training dashboard: progress with ETA and speed, loss, learning rate and gradient
 * norm, the held-out metric against the task's target, the loss curve, and the attention
 * weights of the task's probe input (or a plugin's view) as the model learns.
 */
export function TrainScreen({ state, tasks, views, width, height, theme }: TrainScreenProps) {
  if (state.status === 'picking') return <TaskPicker state={state} tasks={tasks} width={width} theme={theme} />;
  if (state.status === 'failed' && state.step === 0) {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>{`Training ${state.task} could not start:`}</Text>
        <Text color={theme.color ? 'red' : undefined}>{state.error}</Text>
        <Text> </Text>
        <Text dimColor>n: choose another task · q: quit</Text>
      </Box>
    );
  }
  const cfg = state.config;
  // top right, where it is never cut off: the run's state, and how far an evaluation has got
  const status = state.status === 'running' && state.evaluating !== null ? `● evaluating ${Math.round(state.evaluating * 100)}%`
    : state.status === 'running' && state.slow ? '● running, slow motion' : STATUS[state.status];
  const statusColor = !theme.color ? undefined : state.status === 'failed' ? 'red' : state.status === 'paused' ? 'yellow' : state.status === 'done' ? 'green' : 'cyan';
  const title = `${state.task} · ${int(state.parameters)} parameters · seed ${state.seed}${cfg ? ` · ${cfg.optimizer.kind} lr ${compact(cfg.optimizer.lr ?? Number.NaN)} · batch ${cfg.batchSize}` : ''}`;
  const eta = etaOf(state);
  const progressText = `${int(state.step)}/${int(state.totalSteps)} ${Math.round(progressOf(state) * 100)}%`;
  const speed = state.stepsPerSecond > 0 ? `${int(state.stepsPerSecond)} steps/s` : '';
  const timeText = isActive(state) ? (Number.isFinite(eta) ? `ETA ${duration(eta)}` : '') : `in ${duration(state.seconds)}`;
  const tail = [progressText, speed, timeText].filter(Boolean).join(' · ');
  const barWidth = Math.max(10, width - tail.length - 2);
  const m = metricOf(state);
  const metricLine = !m
    ? 'no headline metric'
    : m.text === null
      ? `${m.label}: after the first evaluation`
      : `${m.label} ${m.text}${m.target !== null ? ` (target ${m.target})` : ''}`;
  const points = seriesPoints(state.losses);
  const norms = seriesPoints(state.gradNorms).map((p) => p.value);
  const panelHeight = Math.max(6, height - 6);
  // the attention panel takes what its tokens need (4 columns a cell, 6 on wide terminals), the chart the rest
  const tokens = state.trace?.attention[0]?.weights.shape[2] ?? 2;
  const rightWidth = Math.min(width - 34, Math.max(34, 4 + tokens * (width >= 120 ? 6 : 4)));
  const chartWidth = width - rightWidth - 2;
  const viewIndex = state.view % (views.length + 1);
  const view = viewIndex > 0 ? views[viewIndex - 1] : null;
  const note = state.error ? `error: ${state.error}` : state.note;
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Box justifyContent="space-between" width={width}>
        <Text bold wrap="truncate">{clip(title, width - stringWidth(status) - 2)}</Text>
        <Text bold color={statusColor}>{status}</Text>
      </Box>
      <Text>
        <ProgressBar fraction={progressOf(state)} width={barWidth} theme={theme} />
        <Text>{`  ${tail}`}</Text>
      </Text>
      <Text wrap="truncate">
        <Text>loss </Text><Text bold>{compact(state.loss)}</Text>
        <Text>{`   lr ${compact(state.lr)}   grad norm `}</Text><Text bold>{compact(state.gradNorm)}</Text>
        <Text dimColor>{` ${sparkline(norms, Math.max(0, Math.min(24, width - 50)))}`}</Text>
      </Text>
      <Text wrap="truncate">
        <Text bold color={m?.reached && theme.color ? 'green' : undefined}>{metricLine}</Text>
        {m?.reached ? <Text color={theme.color ? 'green' : undefined}> ✓ reached</Text> : null}
      </Text>
      {/* a model that writes: what it wrote at the latest evaluation (quoted, so that newlines show) */}
      <Text wrap="truncate" dimColor={!state.written}>
        {state.written ? `writes at step ${int(state.written.step)}: ${JSON.stringify(state.written.prompt)} → ${JSON.stringify(state.written.text)}` : ' '}
      </Text>
      <Box height={panelHeight}>
        <LineChart
          points={points} title="loss" width={chartWidth} height={Math.max(3, panelHeight - 2)}
          xDomain={[state.firstStep, Math.max(state.firstStep + 1, state.totalSteps)]} color={theme.color ? 'cyan' : undefined}
        />
        <Box marginLeft={2} flexDirection="column" width={rightWidth}>
          {view ? (
            <>
              <Text bold wrap="truncate">{`${view.title} (v: next view)`}</Text>
              {renderView(view, {
                task: state.task ?? '', step: state.step, totalSteps: state.totalSteps, loss: state.loss, metrics: state.metrics,
                trace: state.trace, losses: points, width: rightWidth, height: panelHeight - 1,
              }).map((l, i) => <Text key={i} wrap="truncate">{l || ' '}</Text>)}
            </>
          ) : (
            <AttentionPanel state={state} width={rightWidth} height={panelHeight} theme={theme} />
          )}
        </Box>
      </Box>
      <Box flexGrow={1} />
      <Text wrap="truncate" color={state.error && theme.color ? 'red' : undefined} dimColor={!state.error}>{note ?? ' '}</Text>
    </Box>
  );
}
