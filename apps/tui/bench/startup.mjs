// Measures the interactive app in a real terminal (tmux): the time from launch to the first
// frame, and while training the frames per second it draws, the longest gap between two frames
// and the longest time the event loop was blocked (keys wait that long). A benchmark, not a
// test: it prints numbers. Needs tmux and the build (`pnpm --filter @attn/tui... build`).
//
//   node apps/tui/bench/startup.mjs [--runs N] [--json]
//
// How: the pane runs `read; exec node attn …`, so the clock starts when a key releases it;
// `tmux pipe-pane -O` copies everything attn writes to a small recorder that timestamps each
// chunk. Ink wraps every frame it writes in a synchronized-update sequence (ESC[?2026h), so
// counting those counts frames. For the event loop, attn runs with `--import` of a probe whose
// 2 ms interval notes every tick that came late, with the time attn's main thread was on the CPU
// meanwhile (Linux), and writes them down when attn exits. On a machine shared with other work,
// gaps and blocks are mostly waiting for a CPU: compare runs at like load averages (printed),
// and the time on the CPU, which load changes far less.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1]) || 5;
const json = argv.includes('--json');

if (spawnSync('tmux', ['-V']).status !== 0) {
  console.error('startup: tmux is not installed (apt-get install tmux)');
  process.exit(2);
}
if (!existsSync(cli)) {
  console.error(`startup: ${cli} is missing; build first (pnpm --filter @attn/tui... build)`);
  process.exit(2);
}

const socket = `attn-bench-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'attn-bench-'));
const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const q = (s) => `'${s.replaceAll("'", "'\\''")}'`;
const BSU = '\x1b[?2026h';

// Writes one JSON line per chunk it reads: the wall-clock time and the bytes.
const recorder = join(dir, 'recorder.mjs');
writeFileSync(recorder, `import { appendFileSync } from 'node:fs';
const out = process.argv[2];
const text = new TextDecoder(); // streaming: a character split across chunks is kept whole
process.stdin.on('data', (d) => appendFileSync(out, JSON.stringify({ t: performance.timeOrigin + performance.now(), d: text.decode(d, { stream: true }) }) + '\\n'));
`);

// Notes each stretch over 20 ms between two ticks of a 2 ms interval: [wall-clock end, length,
// time on the CPU]. The last is the main thread's run time over the stretch from Linux's
// schedstat (updated at least every scheduler tick, ~4 ms), null elsewhere: on a loaded machine
// a stretch is mostly time spent waiting for a CPU, and only the run time is the work that
// blocked the loop.
const probe = join(dir, 'loop-probe.mjs');
writeFileSync(probe, `import { readFileSync, writeFileSync } from 'node:fs';
const stat = '/proc/self/task/' + process.pid + '/schedstat';
const cpu = () => { try { return Number(readFileSync(stat, 'utf8').split(' ')[0]) / 1e6; } catch { return null; } };
const late = [];
let last = performance.now();
let lastCpu = cpu();
setInterval(() => {
  const t = performance.now();
  const c = lastCpu === null ? null : cpu();
  if (t - last > 20) late.push([performance.timeOrigin + t, t - last, c === null ? null : c - lastCpu]);
  last = t;
  lastCpu = c;
}, 2).unref();
process.on('exit', () => writeFileSync(process.env.ATTN_LOOP_PROBE, JSON.stringify(late)));
`);

let n = 0;
/** Runs `attn ARGS` in a fresh 80×24 pane until `done` appears in its output (or the timeout). */
async function record(args, done, timeout = 60_000) {
  const name = `b${++n}`;
  const log = join(dir, `${name}.jsonl`);
  writeFileSync(log, '');
  const loop = join(dir, `${name}.loop.json`);
  const cmd = `read go; exec env -u CI -u CONTINUOUS_INTEGRATION TERM=xterm-256color ATTN_LOOP_PROBE=${q(loop)} ${q(process.execPath)} --import ${q(pathToFileURL(probe).href)} ${q(cli)} ${args.map(q).join(' ')}`;
  tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', '-c', dir, cmd);
  tmux('pipe-pane', '-O', '-t', name, `${q(process.execPath)} ${q(recorder)} ${q(log)}`);
  await sleep(300); // the recorder starts
  const t0 = performance.timeOrigin + performance.now();
  tmux('send-keys', '-t', name, 'Enter');
  const start = Date.now();
  let chunks = [];
  for (;;) {
    await sleep(50);
    // complete lines only: the recorder may be halfway through writing the last
    chunks = readFileSync(log, 'utf8').split('\n').slice(0, -1).map((l) => JSON.parse(l));
    if (chunks.some((c) => c.d.includes(done))) break;
    if (Date.now() - start > timeout) throw new Error(`startup: timed out waiting for ${done}`);
  }
  // quit, and end the session whether or not attn has already exited
  spawnSync('tmux', ['-L', socket, 'send-keys', '-t', name, 'q']);
  for (let i = 0; i < 40 && !existsSync(loop); i++) await sleep(50); // attn writes it as it exits
  spawnSync('tmux', ['-L', socket, 'kill-session', '-t', name]);
  return { t0, chunks, late: existsSync(loop) ? JSON.parse(readFileSync(loop, 'utf8')) : null };
}

const firstAt = (chunks, text) => chunks.find((c) => c.d.includes(text))?.t;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  // a session for the whole run: the server exits with its last session, and the next
  // new-session could reach it while it exits ("server exited unexpectedly")
  tmux('new-session', '-d', '-s', 'keep', 'sleep 86400');
  // For scale: Node starting attn without the UI, to its first output (a usage error).
  const nodeOnly = [];
  for (let i = 0; i < runs; i++) {
    const { t0, chunks } = await record(['--no-such-flag'], 'unknown option', 10_000);
    nodeOnly.push(firstAt(chunks, 'unknown option') - t0);
  }
  const startup = [];
  for (let i = 0; i < runs; i++) {
    const { t0, chunks } = await record([], 'Step 1 of 8');
    startup.push({ altScreen: firstAt(chunks, '\x1b[?1049h') - t0, firstFrame: firstAt(chunks, 'Step 1 of 8') - t0 });
  }
  const training = [];
  for (const [task, steps] of [['add-two', '20000'], ['sort', '400']]) for (let i = 0; i < runs; i++) {
    const { chunks, late } = await record(['train', '--task', task, '--steps', steps], '✓ done', 120_000);
    const from = firstAt(chunks, '● running');
    const to = firstAt(chunks, '✓ done');
    const frames = chunks.filter((c) => c.t >= from && c.t < to).reduce((k, c) => k + c.d.split(BSU).length - 1, 0);
    const gaps = [];
    let last = from;
    for (const c of chunks.filter((c) => c.t >= from && c.t <= to && c.d.includes(BSU))) {
      gaps.push(c.t - last);
      last = c.t;
    }
    // a late tick ending in the window blocked the loop inside it (or just before it)
    const inside = late === null ? [] : late.filter(([t]) => t >= from && t <= to);
    const blocked = late === null ? Number.NaN : Math.max(0, ...inside.map(([, ms]) => ms));
    const onCpu = late === null || inside.some(([, , c]) => c === null) ? Number.NaN : Math.max(0, ...inside.map(([, , c]) => c));
    training.push({ task, steps: Number(steps), seconds: (to - from) / 1000, frames, fps: frames / ((to - from) / 1000), longestGapMs: Math.max(...gaps), longestBlockMs: blocked, longestBlockCpuMs: onCpu, load: loadavg()[0] });
  }
  const result = {
    runs,
    textLaunchMs: median(nodeOnly),
    altScreenMs: median(startup.map((s) => s.altScreen)),
    firstFrameMs: median(startup.map((s) => s.firstFrame)),
    firstFrameMinMs: Math.min(...startup.map((s) => s.firstFrame)),
    // per task: the median frame rate and the worst gap and block over the runs
    training: [...new Set(training.map((t) => t.task))].map((task) => training.filter((t) => t.task === task)).map((ts) => ({
      task: ts[0].task, steps: ts[0].steps, seconds: median(ts.map((t) => t.seconds)), frames: median(ts.map((t) => t.frames)),
      fps: median(ts.map((t) => t.fps)), longestGapMs: Math.max(...ts.map((t) => t.longestGapMs)), longestBlockMs: Math.max(...ts.map((t) => t.longestBlockMs)),
      longestBlockCpuMs: Math.max(...ts.map((t) => t.longestBlockCpuMs)), load: ts.map((t) => t.load),
    })),
  };
  if (json) console.log(JSON.stringify(result));
  else {
    const ms = (v) => `${Math.round(v)} ms`;
    console.log(`attn in tmux at 80×24, median of ${runs} launches:`);
    console.log(`  launch → first output without the UI (a usage error)     ${ms(result.textLaunchMs)}`);
    console.log(`  launch → alternate screen (the UI starts)                ${ms(result.altScreenMs)}`);
    console.log(`  launch → first frame of the tutorial                     ${ms(result.firstFrameMs)} (fastest ${ms(result.firstFrameMinMs)})`);
    console.log(`  training, median of ${runs} runs (longest: the worst of them):`);
    for (const t of result.training) {
      console.log(`  ${t.task} (${t.steps} steps): ${t.frames} frames in ${t.seconds.toFixed(2)} s = ${t.fps.toFixed(1)} frames/s`);
      console.log(`    longest gap between frames ${ms(t.longestGapMs)}, longest event-loop block ${ms(t.longestBlockMs)}; the most time on the CPU in one block ${ms(t.longestBlockCpuMs)}`);
      console.log(`    load average (1 min) after each run: ${t.load.map((l) => l.toFixed(1)).join(', ')}`);
    }
  }
} finally {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  // an attn the server's end stops may still write its probe file: say so, not hide the run's own error
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  } catch (e) {
    console.error(`startup: could not remove ${dir}: ${e.message}`);
  }
}
