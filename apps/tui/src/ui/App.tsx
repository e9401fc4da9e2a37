import { dirname } from 'node:path';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import { attnCommand } from '../args.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { Header, TITLES } from './components/Header.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { SettingsOverlay } from './components/SettingsOverlay.js';
import { KeyHints } from './components/KeyHints.js';
import { Rule } from './components/Rule.js';
import { usePlayground } from './hooks/use-playground.js';
import { useSyncReducer } from './hooks/use-sync-reducer.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useTraining } from './hooks/use-training.js';
import { useTutorial } from './hooks/use-tutorial.js';
import { useInspect } from './hooks/use-inspect.js';
import { useGenerate } from './hooks/use-generate.js';
import { commandFor, HELP, hintsFor, splitKeys, type Command, type KeyContext } from './keys.js';
import { checkpointPath, type UiOptions } from './options.js';
import { saveFigures } from '../save-figures.js';
import { generateFigures, inspectFigures, playgroundFigures, savedLine, trainFigures, tutorialFigures } from './session/export.js';
import { GenerateScreen } from './screens/GenerateScreen.js';
import { InspectScreen } from './screens/InspectScreen.js';
import { PlaygroundScreen } from './screens/PlaygroundScreen.js';
import { TrainScreen, type TaskInfo } from './screens/TrainScreen.js';
import { TutorialScreen } from './screens/TutorialScreen.js';
import type { CapturedConsole } from './console-capture.js';
import { ModelStore } from './session/models.js';
import { appReducer, initialApp, MIN_COLUMNS, MIN_ROWS } from './state/app.js';
import { isActive } from './state/training.js';

/** What the app reports when it ends, for the lines printed after it (e.g. saved checkpoints). */
export interface AppReport {
  saved: string[];
}

export interface AppProps {
  options: UiOptions;
  columns: number;
  rows: number;
  report?: AppReport;
  /** Console messages caught while the app runs (e.g. from plugin hooks), shown as notes. */
  messages?: Pick<CapturedConsole, 'subscribe'>;
}

/**
 * The interactive app: a header with the screens as tabs, the shown screen, and a footer
 * with its keys. Holds every screen's state (switching screens loses nothing; training goes on
 * in the background) and turns key presses into commands.
 */
export function App({ options, columns, rows, report, messages }: AppProps) {
  const { exit } = useApp();
  const [app, appDispatch, appLatest] = useSyncReducer(appReducer, () => initialApp(options.screen, columns, rows, options.theme));
  useTerminalSize(useCallback((c: number, r: number) => appDispatch({ type: 'resize', columns: c, rows: r }), []));
  const models = useMemo(() => new ModelStore(), []);
  const tutorial = useTutorial(options.tutorial, models, options.frameMs);
  const training = useTraining(options, models, options.screen === 'train');
  const playground = usePlayground(options, models, app.screen === 'playground');
  const inspect = useInspect(options, models, app.screen === 'inspect');
  const generate = useGenerate(options, models, training, app.screen === 'generate');
  const { theme } = app;

  useEffect(() => {
    if (report) report.saved = training.state.saved.slice();
  }, [report, training.state.saved]);

  const trainingDispatch = training.dispatch;
  useEffect(() => messages?.subscribe((m) => trainingDispatch({ type: 'note', text: m.split('\n')[0] })), [messages, trainingDispatch]);

  // the latest state, not the last rendered one: keys can come several to a chunk
  const context = (): KeyContext => ({
    screen: appLatest.current.screen, help: appLatest.current.help, settings: appLatest.current.settings, tutorialEditing: tutorial.latest.current.editing !== null,
    tutorialPhase: tutorial.latest.current.phase, trainStatus: training.latest.current.status, trainViews: 1 + options.views.length,
    inspectStatus: inspect.latest.current.status, inspectAblation: inspect.latest.current.noAblation === null,
    trainText: training.latest.current.vocabulary !== null, generateModel: generate.latest.current.model !== null,
    generateEditing: generate.latest.current.editing !== null, generateStatus: generate.latest.current.status,
  });

  /** `f`: the shown screen's figures as SVG and PNG and its Trace as JSON, in the task's run folder (where its checkpoints go). */
  const saveScreen = () => {
    const screen = appLatest.current.screen;
    const what = screen === 'tutorial' ? tutorialFigures(tutorial.latest.current)
      : screen === 'train' ? trainFigures(training.latest.current)
      : screen === 'playground' ? playgroundFigures(playground.latest.current)
      : screen === 'generate' ? generateFigures(generate.latest.current)
      : inspectFigures(inspect.latest.current);
    if (typeof what === 'string') {
      appDispatch({ type: 'note', text: what });
      return;
    }
    appDispatch({ type: 'note', text: 'saving figures…' });
    saveFigures({ dir: dirname(checkpointPath(options.train, what.task)), figures: what.figures, png: true, trace: what.trace }).then(
      (paths) => appDispatch({ type: 'note', text: savedLine(paths) }),
      (e: Error) => appDispatch({ type: 'note', text: `could not save figures: ${e.message}` }),
    );
  };

  const run = (cmd: Command) => {
    switch (cmd.type) {
      case 'save-figures':
        saveScreen();
        return;
      case 'quit':
        exit();
        return;
      case 'app': {
        const from = appLatest.current.screen;
        appDispatch(cmd.action);
        // the heads knocked out on the Inspect screen are put back before any other screen runs the model
        if (from === 'inspect' && appLatest.current.screen !== 'inspect') inspect.leave();
        // from a finished run straight to trying its model
        const t = training.latest.current;
        if (from === 'train' && appLatest.current.screen === 'playground' && t.task && (t.status === 'done' || t.status === 'stopped')) {
          playground.show(t.task);
        }
        return;
      }
      case 'tutorial':
        tutorial.dispatch(cmd.action);
        return;
      case 'tutorial-run':
        if (cmd.run === 'train') tutorial.train();
        else if (cmd.run === 'slow') tutorial.slow();
        else tutorial.stop();
        return;
      case 'train':
        training.dispatch(cmd.action);
        return;
      case 'train-run':
        switch (cmd.run) {
          case 'start':
            training.start(training.latest.current.tasks[training.latest.current.selected]);
            return;
          case 'again': {
            // the same run again would only repeat itself, bit for bit: the next seed
            const t = training.latest.current;
            if (t.task) training.start(t.task, t.seed + 1);
            return;
          }
          default:
            training[cmd.run]();
            return;
        }
      case 'playground':
        playground.dispatch(cmd.action);
        return;
      case 'playground-run':
        playground.retrain();
        return;
      case 'inspect':
        inspect.dispatch(cmd.action);
        return;
      case 'inspect-run':
        switch (cmd.run) {
          case 'zero':
          case 'mean':
            inspect.ablate({ type: 'ablate', mode: cmd.run });
            return;
          case 'clear':
            inspect.ablate({ type: 'clear' });
            return;
          case 'measure':
            inspect.measure();
            return;
          case 'train': {
            const t = training.latest.current;
            if (!isActive(t) && t.tasks.length > 0) training.start(t.tasks[t.selected]);
          }
        }
        return;
      case 'generate':
        generate.dispatch(cmd.action);
        return;
      case 'generate-run':
        if (cmd.run === 'stop') generate.stop();
        else if (!isActive(training.latest.current)) training.start('text');
    }
  };

  useInput((input, key) => {
    if (appLatest.current.note !== null) appDispatch({ type: 'note', text: null });
    for (const [i, k] of splitKeys(input, key)) {
      const cmd = commandFor(context(), i, k);
      if (cmd) run(cmd);
    }
  });

  // built the first time the Train screen is shown: not before the first frame
  const trainShown = useRef(false);
  if (app.screen === 'train') trainShown.current = true;
  // biome-ignore lint/correctness/useExhaustiveDependencies: built the first time the train screen shows, then kept
  const tasks: TaskInfo[] = useMemo(() => !trainShown.current ? [] : options.catalog.names.map((name) => {
    try {
      const t = options.catalog.task(name);
      return { name, description: t.description, source: options.catalog.source(name), steps: t.defaults.steps };
    } catch (e) {
      return { name, description: `cannot build: ${(e as Error).message}`, source: options.catalog.source(name), steps: 0 };
    }
  }), [options.catalog, trainShown.current]);

  const width = app.columns;
  // one line short of the terminal: a frame as tall as the terminal makes Ink clear the whole
  // screen on every redraw (flicker)
  const height = app.rows - 1;
  if (width < MIN_COLUMNS || height < MIN_ROWS - 1) {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>attn needs a terminal of at least {MIN_COLUMNS}×{MIN_ROWS}</Text>
        <Text>{`This one is ${width}×${app.rows}. Make it larger, or press q to quit and run ${attnCommand()} ${app.screen === 'train' || app.screen === 'playground' ? `${app.screen} ` : ''}--plain for text.`}</Text>
      </Box>
    );
  }
  const body = height - 4;
  let screen;
  if (app.help) screen = <HelpOverlay sections={HELP} first={TITLES[app.screen]} width={width} height={body} theme={theme} />;
  else if (app.settings) screen = <SettingsOverlay theme={theme} width={width} height={body} />;
  else if (app.screen === 'tutorial') screen = <TutorialScreen state={tutorial.state} width={width} height={body} theme={theme} />;
  else if (app.screen === 'train') screen = <TrainScreen state={training.state} tasks={tasks} views={options.views} width={width} height={body} theme={theme} />;
  else if (app.screen === 'playground') screen = <PlaygroundScreen state={playground.state} width={width} height={body} theme={theme} />;
  else if (app.screen === 'generate') screen = <GenerateScreen state={generate.state} training={isActive(training.state)} width={width} height={body} theme={theme} />;
  else {
    const t = training.state;
    const run = isActive(t) && t.task ? { task: t.task, step: t.step, totalSteps: t.totalSteps } : null;
    screen = <InspectScreen state={inspect.state} training={run} nextTask={t.tasks[t.selected] ?? null} width={width} height={body} theme={theme} />;
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header screen={app.screen} width={width} theme={theme} />
      <Rule width={width} />
      <Box height={body} overflowY="hidden">
        <ErrorBoundary resetKey={`${app.screen}${app.help}${app.settings}`}>{screen}</ErrorBoundary>
      </Box>
      <Rule width={width} />
      {app.note !== null ? <Text wrap="truncate">{app.note}</Text> : <KeyHints hints={hintsFor(context())} width={width} theme={theme} />}
    </Box>
  );
}
