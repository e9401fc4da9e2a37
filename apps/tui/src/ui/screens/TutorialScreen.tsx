import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { Table } from '../../tutorial/steps.js';
import { focusLines, focusSummary, num, wrap } from '../../tutorial/render-text.js';
import { Heatmap, heatmapWidth, legendWidth, probability, rampDomain } from '../components/Heatmap.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { TextField } from '../components/TextField.js';
import stringWidth from 'string-width';
import { clip, compact, fit, int } from '../format.js';
import { NEXT_STEPS_PAGE, shownTutorial, STEP_COUNT, type TutorialData, type TutorialState } from '../state/tutorial.js';
import { NextSteps } from './NextSteps.js';

type Tutorial = TutorialData;
import type { Theme } from '../theme.js';

/** The steps' short names, for the line that shows where in the model a step is. */
export const PIPELINE = ['input', 'Q', 'K', 'V', 'scores', 'weights', 'attended', 'answer'] as const;

export interface TutorialScreenProps {
  state: TutorialState;
  width: number;
  height: number;
  theme: Theme;
}

const scaleName = (s: TutorialState['scale']) => (s === 'none' ? 'unscaled' : '1/√d-scaled');

/** Tables of scores, which a softmax reads: their colours span at least 1 (see Heatmap's minSpan). */
const SCORE_TABLES = new Set(['scores', 'Q·Kᵀ']);

/** Cell width for a table: as wide as fits `room` columns, 6 to 9 characters. */
function cellFor(t: Table, room: number): number {
  const label = Math.max(t.name.length, ...t.rows.map((r) => r.length)) + 1 + (t.name === 'weights' ? 8 : 0);
  return Math.max(5, Math.min(9, Math.floor((room - label) / t.cols.length)));
}

function StepTables({ tutorial, step, width, theme, title, keep }: { tutorial: Tutorial; step: number; width: number; theme: Theme; title?: string; keep: number }) {
  const s = tutorial.steps[step];
  const left = s.tables.slice(0, s.tables.length - keep);
  return (
    <Box flexDirection="column" width={width}>
      {title ? <Text bold underline>{title}</Text> : null}
      {left.length > 0 ? <Text dimColor wrap="truncate">{`${left.map((t) => t.name).join(', ')} left out to fit: a taller terminal shows it`}</Text> : null}
      {s.tables.slice(s.tables.length - keep).map((t) => {
        const weights = t.name === 'weights';
        const cellWidth = cellFor(t, width);
        const domain = rampDomain(t.values, weights ? [0, 1] : undefined, undefined, SCORE_TABLES.has(t.name) ? 1 : 0);
        // what the colours mean, beside the table's header when there is room for it
        const legend = heatmapWidth(t.rows, t.cols.length, cellWidth, t.name, weights) + 3 + legendWidth(compact(domain[0]), compact(domain[1])) <= width;
        return (
          <Heatmap
            key={t.name} name={t.name} rows={t.rows} cols={t.cols} values={t.values} cellWidth={cellWidth} theme={theme}
            domain={domain} format={weights ? probability : fit} rowSums={weights} legend={legend}
          />
        );
      })}
    </Box>
  );
}

/** Lines a step's last `keep` tables take: a header and one line per row, per table, and a line saying what was left out. */
function tableLines(t: Tutorial, step: number, keep: number): number {
  const all = t.steps[step].tables;
  return all.slice(all.length - keep).reduce((n, table) => n + 1 + table.rows.length, 0) + (keep < all.length ? 1 : 0);
}

/**
 * The tutorial, one step per screen: where the step sits in the model, its formula, a plain
 * explanation, the step's numbers as heatmaps, what the model attends to, and its answer
 * against the expected one — for the random model, or the trained one, or both side by side on
 * wide terminals.
 */
export function TutorialScreen({ state, width, height, theme }: TutorialScreenProps) {
  if (state.step === NEXT_STEPS_PAGE) {
    return (
      <Box width={width} height={height} overflowY="hidden">
        <NextSteps width={width} theme={theme} />
      </Box>
    );
  }
  const shown = shownTutorial(state);
  if (!shown) {
    return <Text>{state.error ? `error: ${state.error}` : 'computing the steps…'}</Text>;
  }
  const s = shown.steps[state.step];
  const accent = theme.color ? 'cyan' : undefined;
  const both = width >= 120 && state.before !== null && state.after !== null;
  const title = `Step ${s.n} of ${STEP_COUNT} · ${s.title}`;
  const settings = `seed ${state.seed} · d ${state.d} · ${scaleName(state.scale)}`;
  const longInfo = `[${shown.input.map((v) => compact(v)).join(', ')}] · ${settings}`;
  const info = stringWidth(title) + 2 + stringWidth(longInfo) <= width ? longInfo : `${shown.input.length} numbers · ${settings}`;
  let explain = wrap(s.explain, width);
  // the numbers the formula uses that are not in a table: the W rows, and the network's output;
  // side by side, both models' (each table has its own model above it)
  const models = both ? [state.before!, state.after!] : [shown];
  const wOf = (t: TutorialData) => (t.w ? [t.w.q, t.w.k, t.w.v][state.step - 1] : undefined);
  const row = (w: number[]) => `[${w.map((v) => num(v)).join(', ')}]`;
  const name = `W_${'qkv'[state.step - 1]}`;
  const detail = wOf(shown)
    ? both ? `${name}: before ${row(wOf(state.before!)!)}, after ${row(wOf(state.after!)!)}` : `${name} = ${row(wOf(shown)!)}`
    : state.step === 7 ? `network(Σ) = ${models.map((t) => num(t.output)).join(' before, ')}${both ? ' after' : ''}` : '';
  // side by side, the answer and the token lines are the trained model's (the untrained one's answer beside it)
  const primary = both ? state.after! : shown;
  const err = primary.output - primary.expected;

  // The lines must fit `height` exactly (a column that overflows has lines squeezed out by the
  // layout engine, not cut at the bottom): title, pipeline, formula, explanation, tables and
  // the 3 lines at the bottom first; then the blank lines; then what the model attends to.
  const bottom = 3;
  // a step with two tables (scaled scores: Q·Kᵀ, then ÷√d) keeps the last, which the next step
  // reads, when both do not fit with a line of explanation — and says so
  let keep = shown.steps[state.step].tables.length;
  while (keep > 1 && height - (3 + 1 + tableLines(shown, state.step, keep) + (both ? 1 : 0) + bottom) < 0) keep--;
  const tables = tableLines(shown, state.step, keep) + (both ? 1 : 0);
  let free = height - (3 + explain.length + tables + bottom);
  if (free < 0) {
    explain = explain.slice(0, Math.max(1, explain.length + free));
    explain[explain.length - 1] = `${explain[explain.length - 1].slice(0, width - 1)}…`;
    free = height - (3 + explain.length + tables + bottom);
  }
  const blankAbove = free >= 1;
  const blankBelow = free >= 2;
  const focusRoom = free - 2 - 2; // after the blank lines: a margin line and the question
  // the answer in words first (side by side: each model's, named), then token by token as far as there is room
  const summary = both
    ? ([['Before', state.before!], ['After', state.after!]] as const).flatMap(([when, t]) => {
      const words = focusSummary(t);
      return wrap(`${when} training, ${words[0].toLowerCase()}${words.slice(1)}`, width, '  ');
    })
    : wrap(focusSummary(shown), width, '  ');
  const focus = state.step >= 5 && focusRoom >= 1 ? [...summary, ...focusLines(primary.focus).map((l) => `  ${both ? 'after: ' : ''}${l}`)].slice(0, focusRoom) : [];

  let model: ReactNode;
  if (state.phase === 'training' && state.training) {
    const t = state.training;
    model = (
      <Text wrap="truncate">
        <Text>training add-two  </Text>
        <ProgressBar fraction={t.totalSteps ? t.step / t.totalSteps : 0} width={10} theme={theme} />
        <Text>{`  ${int(t.step)}/${int(t.totalSteps)} · loss ${fit(t.loss, 7)} · ${state.slow ? 'slow · w: full speed' : 'w: slow motion'}`}</Text>
      </Text>
    );
  } else if (state.phase === 'trained') {
    const other = state.trainedScale !== null && state.trainedScale !== state.scale
      ? ` — trained with ${scaleName(state.trainedScale)} scores, shown ${scaleName(state.scale)}` : '';
    // stepped back through training with [ ]: which recorded step the trained side shows
    const at = state.at === null ? null : state.recorded[state.at];
    const after = at === null || at === undefined
      ? 'after training on add-two'
      : `during training: step ${int(at)} of ${int(state.training?.totalSteps ?? 0)} ([ back, ] on)`;
    model = (
      <Text wrap="truncate">
        {both ? `left: random initialization · right: ${after}` : state.view === 'after' ? `${after}${at === null ? ' (b: before, [: step back through it)' : ''}` : 'before training: the random initialization (b: after)'}
        {other}
      </Text>
    );
  } else {
    model = <Text>Random initialization: its answer is a guess. <Text bold color={accent}>t</Text> trains it here (about a second).</Text>;
  }

  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Box justifyContent="space-between" width={width}>
        <Text bold>{title}</Text>
        <Text dimColor wrap="truncate">{clip(info, width - stringWidth(title) - 2)}</Text>
      </Box>
      <Text wrap="truncate">
        {PIPELINE.map((p, i) => (
          <Text key={p}>
            {i > 0 ? <Text dimColor> › </Text> : null}
            <Text inverse={i === state.step} bold={i === state.step} dimColor={i !== state.step}>{i === state.step ? ` ${p} ` : p}</Text>
          </Text>
        ))}
      </Text>
      {blankAbove ? <Text> </Text> : null}
      <Text>
        <Text bold color={accent}>{s.formula}</Text>
        {detail ? <Text dimColor>{clip(`   ${detail}`, width - stringWidth(s.formula))}</Text> : null}
      </Text>
      {explain.map((l, i) => <Text key={i}>{l}</Text>)}
      {blankBelow ? <Text> </Text> : null}
      {both ? (
        <Box>
          <StepTables tutorial={state.before!} step={state.step} width={Math.floor(width / 2)} theme={theme} title="before training" keep={keep} />
          <StepTables tutorial={state.after!} step={state.step} width={Math.floor(width / 2)} theme={theme} title="after training" keep={keep} />
        </Box>
      ) : (
        <StepTables tutorial={shown} step={state.step} width={width} theme={theme} keep={keep} />
      )}
      {focus.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>What is the model paying attention to?</Text>
          {focus.map((l, i) => <Text key={i} wrap="truncate">{l}</Text>)}
        </Box>
      ) : null}
      <Box flexGrow={1} />
      <Text>
        <Text bold>{`answer ${num(primary.output)}`}</Text>
        {both ? <Text>{' after training'}</Text> : null}
        <Text>{` · expected ${compact(primary.expected)} · off by `}</Text>
        <Text bold color={theme.color ? (Math.abs(err) < 0.05 ? 'green' : 'yellow') : undefined}>{num(Math.abs(err))}</Text>
        {both ? <Text dimColor>{`   (before training: ${num(state.before!.output)}, off by ${num(Math.abs(state.before!.output - state.before!.expected))})`}</Text> : null}
      </Text>
      {model}
      {state.editing ? (
        <Text wrap="truncate">
          <TextField label="input" value={state.editing.text} cursor={state.editing.cursor} focused width={Math.min(width, 50)} theme={theme} />
          {state.editing.error ? <Text color={theme.color ? 'red' : undefined}>{`  error: ${state.editing.error}`}</Text> : <Text dimColor>  1 to 8 numbers, separated by spaces or commas</Text>}
        </Text>
      ) : state.error ? (
        <Text color={theme.color ? 'red' : undefined}>{`error: ${state.error}`}</Text>
      ) : (
        <Text dimColor>{state.note ?? ' '}</Text>
      )}
    </Box>
  );
}

/** The width the tables of a step need at a cell width (for layout decisions and tests). */
export function stepWidth(t: Tutorial, step: number, cellWidth: number): number {
  return Math.max(...t.steps[step].tables.map((table) => heatmapWidth(table.rows, table.cols.length, cellWidth, table.name, table.name === 'weights')));
}
