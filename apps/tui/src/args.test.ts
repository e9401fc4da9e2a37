import { describe, expect, it } from 'vitest';
import { parseArgs, splitCommand, UsageError } from './args.js';

const spec = { a: 'number', seed: 'integer', steps: 'integer', 'batch-size': 'integer', scale: ['none', 'sqrt'], help: 'flag', plugin: 'list' } as const;

describe('parseArgs', () => {
  it('parseArgs reads --name value, --name=value, flags and positionals', () => {
    expect(parseArgs(['tutorial', '--a', '-3.5', '--seed=7', '--scale', 'sqrt', '--help'], spec)).toEqual({
      positional: ['tutorial'],
      flags: { a: -3.5, seed: 7, scale: 'sqrt', help: true },
    });
  });
  it('parseArgs reads an optional value: --text alone is true, --text FILE and --text=FILE the file, never the next flag', () => {
    const optional = { text: 'optional', steps: 'integer' } as const;
    expect(parseArgs(['--text'], optional)).toEqual({ positional: [], flags: { text: true } });
    expect(parseArgs(['--text', '--steps', '3'], optional)).toEqual({ positional: [], flags: { text: true, steps: 3 } });
    expect(parseArgs(['--text', 'a b.txt', '--steps', '3'], optional)).toEqual({ positional: [], flags: { text: 'a b.txt', steps: 3 } });
    expect(parseArgs(['--text=-notes.txt'], optional)).toEqual({ positional: [], flags: { text: '-notes.txt' } });
    expect(parseArgs(['--text', '--', 'x'], optional)).toEqual({ positional: ['x'], flags: { text: true } });
    expect(() => parseArgs(['--text', 'a', '--text'], optional)).toThrow('--text is given twice');
    expect(() => parseArgs(['--text='], optional)).toThrow("--text needs a value after '=', or none at all");
  });
  it('parseArgs takes a value that starts with a dash, so negative numbers need no =', () => {
    expect(parseArgs(['--a', '-3'], spec).flags).toEqual({ a: -3 });
  });
  it('parseArgs collects a list flag given twice and reads what follows -- as positionals', () => {
    expect(parseArgs(['--plugin', 'p.js', '--plugin=q.js', '--', '--a'], spec)).toEqual({
      positional: ['--a'],
      flags: { plugin: ['p.js', 'q.js'] },
    });
  });
  it.each([
    [['--nope'], "unknown option '--nope'"],
    [['-a', '3'], "unknown option '-a'"],
    [['-a3'], "unknown option '-a'"],
    [['--a', '1', '--a=2'], '--a is given twice'],
    [['--help', '--help'], '--help is given twice'],
    [['--a', '--seed'], "--a must be a number, got '--seed'"],
    [['-x'], "unknown option '-x'"],
    [['--a'], '--a needs a value'],
    [['--a', 'three'], "--a must be a number, got 'three'"],
    [['--a', ''], "--a must be a number, got ''"],
    [['--seed', '1.5'], "--seed must be an integer, got '1.5'"],
    [['--steps', '1e308'], "--steps must be between 1 and 100,000,000 (split a longer run with --resume), got '1e308'"],
    [['--batch-size', '1e9'], "--batch-size must be between 1 and 65,536 (a bigger batch does not fit in memory with these models), got '1e9'"],
    [['--scale', 'cube'], "--scale must be one of none, sqrt, got 'cube'"],
    [['--help=yes'], "--help takes no value, got 'yes'"],
    [['--seed', '-2'], "--seed must be between 0 and 4,294,967,295, got '-2'"],
    [['--seed', '-1e308'], "--seed must be between 0 and 4,294,967,295, got '-1e308'"],
  ])('parseArgs(%j) is a usage error: %s', (argv, message) => {
    expect(() => parseArgs(argv, spec)).toThrow(UsageError);
    expect(() => parseArgs(argv, spec)).toThrow(message);
  });
});

describe('splitCommand', () => {
  it('splitCommand takes the first positional as the command, skipping the values of flags', () => {
    expect(splitCommand(['--a', '2', 'train', '--help'], [spec, { task: 'string' }])).toEqual({ command: 'train', rest: ['--a', '2', '--help'] });
    expect(splitCommand(['--task=sort', '--help'], [spec, { task: 'string' }])).toEqual({ command: undefined, rest: ['--task=sort', '--help'] });
  });
});
