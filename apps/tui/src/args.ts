// A small, strict argument parser: unknown flags and bad values are usage errors (exit 2).
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';

/** A problem with the command line; the CLI prints it on one line and exits with status 2. */
export class UsageError extends Error {}

export type FlagSpec = 'number' | 'integer' | 'string' | 'list' | 'flag' | readonly string[];

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, number | string | boolean | string[]>;
}

/** Parses `--name value`, `--name=value` and boolean `--name` against `spec`. */
export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg !== '-' && !/^-\d/.test(arg)) throw new UsageError(`unknown option '${arg}'`);
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (kind === undefined) throw new UsageError(`unknown option '--${name}'`);
    if (kind === 'flag') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value, got '${arg.slice(eq + 1)}'`);
      out.flags[name] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (raw === undefined) throw new UsageError(`--${name} needs a value`);
    if (kind === 'list') {
      ((out.flags[name] ??= []) as string[]).push(raw);
      continue;
    }
    if (name in out.flags) throw new UsageError(`--${name} is given twice`);
    out.flags[name] = convert(name, kind, raw);
  }
  return out;
}

function convert(name: string, kind: Exclude<FlagSpec, 'flag' | 'list'>, raw: string): number | string {
  if (Array.isArray(kind)) {
    if (!kind.includes(raw)) throw new UsageError(`--${name} must be one of ${kind.join(', ')}, got '${raw}'`);
    return raw;
  }
  if (kind === 'string') return raw;
  const v = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got '${raw}'`);
  if (kind === 'integer' && !Number.isInteger(v)) throw new UsageError(`--${name} must be an integer, got '${raw}'`);
  return v;
}

/** Splits `argv` into the command (the first word that is not an option or an option's value) and the rest. */
export function splitCommand(argv: readonly string[], valued: readonly string[]): { command: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      if (!a.includes('=') && valued.includes(a.slice(2))) i++;
      continue;
    }
    if (a.startsWith('-') && a !== '-') continue;
    return { command: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { command: undefined, rest: [...argv] };
}

/** Checks that the --out folder can be created and written, before any work is spent. */
export function prepareOut(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new UsageError(`--out: cannot write to '${dir}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
