// The command line, read by node:util's parseArgs; unknown flags and bad values are usage errors (exit 2).
import { ensureWritableDir } from '@attn/train/node';
import { parseArgs as readTokens, type ParseArgsConfig } from 'node:util';

/**
 * How the learner runs attn, for the commands it suggests: `pnpm attn` when started by the
 * repository's `pnpm start` or `pnpm attn` (attn is not on the PATH of a clone), else `attn`.
 */
export function attnCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.npm_lifecycle_event === 'start' || env.npm_lifecycle_event === 'attn' ? 'pnpm attn' : 'attn';
}

/** A problem with the command line; the CLI prints it on one line and exits with status 2. */
export class UsageError extends Error {}

/**
 * How a flag is read: a number, an integer, a string, a repeatable string (`list`), a boolean
 * (`flag`), one of some strings, or `optional`: a string that may be left out (`--text` alone
 * is `true`, `--text notes.txt` or `--text=notes.txt` the string).
 */
export type FlagSpec = 'number' | 'integer' | 'string' | 'list' | 'flag' | 'optional' | readonly string[];

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, number | string | boolean | string[]>;
}

type Token = NonNullable<ReturnType<typeof readTokens>['tokens']>[number];

/**
 * The tokens of `argv` with every flag of `spec` known, so that `--name value` takes `value`.
 * Not parseArgs' strict mode: it refuses `--a -3.5` (a value that starts with a dash), which
 * negative inputs need; the checks strict mode would make are ours, in {@link parseArgs}.
 */
function tokensOf(argv: readonly string[], spec: Record<string, FlagSpec>): Token[] {
  const options: ParseArgsConfig['options'] = {};
  // an optional value is taken by parseArgs below, only when it is not another flag
  for (const [name, kind] of Object.entries(spec)) options[name] = { type: kind === 'flag' || kind === 'optional' ? 'boolean' : 'string' };
  return readTokens({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true }).tokens;
}

/** Parses `--name value`, `--name=value` and boolean `--name` against `spec`; a flag given twice is an error, except a `list`. */
export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: {} };
  const tokens = tokensOf(argv, spec);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'positional') out.positional.push(token.value);
    if (token.kind !== 'option') continue;
    const { name, rawName } = token;
    let { value } = token;
    const kind = Object.hasOwn(spec, name) && rawName === `--${name}` ? spec[name] : undefined;
    if (kind === undefined) throw new UsageError(`unknown option '${rawName}'`);
    if (kind === 'optional') {
      const next = tokens[i + 1];
      if (value === undefined && next?.kind === 'positional' && next.index === token.index + 1) {
        value = next.value;
        i++;
      }
      if (name in out.flags) throw new UsageError(`--${name} is given twice`);
      if (value === '') throw new UsageError(`--${name} needs a value after '=', or none at all`);
      out.flags[name] = value ?? true;
      continue;
    }
    if (kind === 'flag' && value !== undefined) throw new UsageError(`--${name} takes no value, got '${value}'`);
    if (kind !== 'flag' && value === undefined) throw new UsageError(`--${name} needs a value`);
    if (kind === 'list') {
      ((out.flags[name] ??= []) as string[]).push(value!);
      continue;
    }
    if (name in out.flags) throw new UsageError(`--${name} is given twice`);
    out.flags[name] = kind === 'flag' ? true : convert(name, kind, value!);
  }
  return out;
}

function convert(name: string, kind: Exclude<FlagSpec, 'flag' | 'list' | 'optional'>, raw: string): number | string {
  if (Array.isArray(kind)) {
    if (!kind.includes(raw)) throw new UsageError(`--${name} must be one of ${kind.join(', ')}, got '${raw}'`);
    return raw;
  }
  if (kind === 'string') return raw;
  const v = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got '${raw}'`);
  if (kind === 'integer' && !Number.isInteger(v)) throw new UsageError(`--${name} must be an integer, got '${raw}'`);
  const range = RANGES[name];
  if (range && !(v >= range[0] && v <= range[1])) throw new UsageError(`--${name} must be between ${fmt(range[0])} and ${fmt(range[1])}${range[2] ? ` (${range[2]})` : ''}, got '${raw}'`);
  return v;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Hard limits of flags whose absurd values would run for years or exhaust memory (every
 * command reads the same flag the same way); smaller but still long runs get a warning with
 * an estimate before they start (see `warnIfLong`).
 */
const RANGES: Record<string, [min: number, max: number, why?: string]> = {
  steps: [1, 100_000_000, 'split a longer run with --resume'],
  'batch-size': [1, 65_536, 'a bigger batch does not fit in memory with these models'],
  seed: [0, 2 ** 32 - 1],
};

/**
 * Splits `argv` into the command (the first positional, every flag of `specs` known so that
 * `attn --seed 2 train` does not read 2 as the command) and the rest.
 */
export function splitCommand(argv: readonly string[], specs: readonly Record<string, FlagSpec>[]): { command: string | undefined; rest: string[] } {
  const first = tokensOf(argv, Object.assign({}, ...specs)).find((t) => t.kind === 'positional');
  if (first === undefined) return { command: undefined, rest: [...argv] };
  return { command: first.value, rest: argv.filter((_, i) => i !== first.index) };
}

/** Checks that the --out folder can be created and written, before any work is spent. */
export function prepareOut(dir: string): void {
  try {
    ensureWritableDir(dir);
  } catch (e) {
    throw new UsageError(`--out: ${(e as Error).message.replace(/^ensureWritableDir: /, '')}`);
  }
}
