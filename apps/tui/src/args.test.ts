import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args.js';

const spec = { a: 'number', seed: 'integer', scale: ['none', 'sqrt'], help: 'flag' } as const;

describe('parseArgs', () => {
  it('parseArgs reads --name value, --name=value, flags and positionals', () => {
    expect(parseArgs(['tutorial', '--a', '-3.5', '--seed=7', '--scale', 'sqrt', '--help'], spec)).toEqual({
      positional: ['tutorial'],
      flags: { a: -3.5, seed: 7, scale: 'sqrt', help: true },
    });
  });
  it.each([
    [['--nope'], "unknown option '--nope'"],
    [['-x'], "unknown option '-x'"],
    [['--a'], '--a needs a value'],
    [['--a', 'three'], "--a must be a number, got 'three'"],
    [['--a', ''], "--a must be a number, got ''"],
    [['--seed', '1.5'], "--seed must be an integer, got '1.5'"],
    [['--scale', 'cube'], "--scale must be one of none, sqrt, got 'cube'"],
    [['--help=yes'], "--help takes no value, got 'yes'"],
  ])('parseArgs(%j) is a usage error: %s', (argv, message) => {
    expect(() => parseArgs(argv, spec)).toThrow(UsageError);
    expect(() => parseArgs(argv, spec)).toThrow(message);
  });
});
