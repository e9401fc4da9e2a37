// Starts the interactive app in the terminal's alternate screen and gives the terminal back as
// it was however the app ends: q, Ctrl-C, a signal, or an error.
import { writeSync } from 'node:fs';
import { render } from 'ink';
import { attnCommand } from '../args.js';
import { App, type AppReport } from './App.js';
import { captureConsole } from './console-capture.js';
import type { UiOptions } from './options.js';

const ENTER = '\x1b[?1049h\x1b[H\x1b[2J'; // alternate screen, cursor home, clear
const LEAVE = '\x1b[?25h\x1b[?1049l'; // cursor visible, back to the normal screen

/**
 * Runs the app until the learner quits; returns the exit status. Prints what was saved (if
 * anything) to the normal screen afterwards.
 */
export async function runUi(options: UiOptions): Promise<number> {
  const { stdout } = process;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      writeSync(1, LEAVE);
    } catch {
      // the terminal is gone: nothing to restore
    }
  };
  // 'exit' runs on every way out, including process.exit() by someone else
  process.on('exit', restore);
  stdout.write(ENTER);
  const report: AppReport = { saved: [] };
  const captured = captureConsole();
  const instance = render(<App options={options} columns={stdout.columns} rows={stdout.rows} report={report} messages={captured} />, {
    exitOnCtrlC: true,
    patchConsole: false,
    // twice the frame rate: a frame the training session hands over is drawn at once, not
    // held back by Ink's own throttle until the next (which halved the frame rate)
    maxFps: Math.round(2000 / (options.frameMs ?? 25)),
  });
  const onSignal = () => instance.unmount();
  const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
  for (const s of signals) process.on(s, onSignal);
  let status = 0;
  try {
    await instance.waitUntilExit();
  } catch (e) {
    status = 1;
    captured.restore();
    restore();
    console.error(`attn: ${(e as Error).message}`);
  } finally {
    for (const s of signals) process.off(s, onSignal);
    captured.restore();
  }
  restore();
  for (const m of captured.messages) console.error(m);
  for (const path of report.saved) {
    console.log(`attn: saved the checkpoint ${path}`);
    console.log(`  try it:      ${attnCommand()} playground --checkpoint ${path}`);
    console.log(`  train on:    ${attnCommand()} train --resume ${path} --steps N`);
  }
  return status;
}
