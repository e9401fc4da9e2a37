// Head roles: a name and a plain-English sentence for each head, from its metrics.
import { check, describe } from './errors.js';
import type { HeadMetrics } from './metrics.js';

/** The roles {@link headRoles} can name, in the order its rules try them. */
export type Role = 'diffuse' | 'induction' | 'duplicate' | 'previous-token' | 'self' | 'sink' | 'positional' | 'content';

/** The scores a head needs to reach (≥) for each role; see {@link ROLE_THRESHOLDS}. */
export interface RoleThresholds {
  /** `entropyFraction` at or above which a head is diffuse (spread nearly evenly). */
  diffuse: number;
  /** `induction` score for an induction head. */
  induction: number;
  /** `duplicate` score for a duplicate-token head. */
  duplicate: number;
  /** `previous` score for a previous-token head. */
  previous: number;
  /** `self` score for a self (diagonal) head. */
  self: number;
  /** `sink` score for a sink (first-token) head. */
  sink: number;
  /** `positional` score (the strongest fixed offset) for a positional head. */
  positional: number;
}

/**
 * The thresholds {@link headRoles} uses unless told otherwise; pass a partial object to override
 * some. The rules run in this order and the first that holds names the head:
 *
 * 1. `diffuse` — entropyFraction ≥ 0.85: close to uniform over the keys it may see;
 * 2. `induction` — induction ≥ 0.4: attends the token after an earlier occurrence of its own;
 * 3. `duplicate` — duplicate ≥ 0.4: attends earlier occurrences of its own token;
 * 4. `previous-token` — previous ≥ 0.5;
 * 5. `self` — self ≥ 0.5;
 * 6. `sink` — sink ≥ 0.5: parks its attention on the first token;
 * 7. `positional` — positional ≥ 0.5: attends one fixed offset (other than −1 and 0);
 * 8. `content` — none of these: focused, but not on a fixed position, so on what the keys hold.
 *
 * Diffuse comes first because with few keys even uniform attention reaches 0.5 on one of them
 * (two keys: 0.5 each); the token-based roles come before the positional ones because on a
 * repeated sequence they are the more specific explanation.
 *
 * @example
 * ```ts
 * ROLE_THRESHOLDS.induction; // 0.4
 * ```
 */
export const ROLE_THRESHOLDS: Readonly<RoleThresholds> = Object.freeze({
  diffuse: 0.85,
  induction: 0.4,
  duplicate: 0.4,
  previous: 0.5,
  self: 0.5,
  sink: 0.5,
  positional: 0.5,
});

/** One head with its role, its metrics and a sentence saying what it does. */
export interface HeadRole {
  /** The attention module, in call order. */
  layer: number;
  /** The head within the module. */
  head: number;
  /** What the head does, by the first rule of {@link ROLE_THRESHOLDS} that holds. */
  role: Role;
  /** The metrics the role was read from. */
  scores: HeadMetrics;
  /** One plain-English sentence, e.g. `head 1.0 copies the token after … : induction score 0.93`. */
  sentence: string;
}

/**
 * Names every head from its metrics (the rules and thresholds of {@link ROLE_THRESHOLDS}) and says
 * in one sentence what it does.
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 8, maxLen: 8, dModel: 8, heads: 2, layers: 1, seed: 0 });
 * const roles = headRoles(headMetrics(traceForward(model, tensor([[1, 2, 3, 1, 2, 3]])).trace));
 * roles.map((r) => r.role); // ['diffuse', 'diffuse']
 * roles[0].sentence; // 'head 0.0 spreads its attention almost evenly over the keys it may see: 98% of the uniform entropy'
 * ```
 */
export function headRoles(metrics: readonly HeadMetrics[], thresholds: Partial<RoleThresholds> = {}): HeadRole[] {
  check(Array.isArray(metrics), 'ARGUMENT', () => `headRoles: metrics must be an array from headMetrics, got ${describe(metrics)}`);
  check(thresholds !== null && typeof thresholds === 'object', 'ARGUMENT', () => `headRoles: thresholds must be an object, got ${describe(thresholds)}`);
  const t: RoleThresholds = { ...ROLE_THRESHOLDS, ...thresholds };
  for (const [name, value] of Object.entries(t)) {
    check(name in ROLE_THRESHOLDS, 'ARGUMENT', () => `headRoles: thresholds may name ${Object.keys(ROLE_THRESHOLDS).join(', ')}, got ${describe(name)}`);
    check(typeof value === 'number' && value >= 0 && value <= 1, 'RANGE', () => `headRoles: threshold ${name} must be a number in [0, 1], got ${describe(value)}`);
  }
  return metrics.map((m) => {
    check(m !== null && typeof m === 'object' && typeof m.entropyFraction === 'number', 'ARGUMENT',
      () => `headRoles: metrics must be HeadMetrics from headMetrics, got ${describe(m)}`);
    const role = roleOf(m, t);
    return { layer: m.layer, head: m.head, role, scores: m, sentence: sentenceOf(m, role) };
  });
}

const reaches = (score: number | null, threshold: number): boolean => score !== null && score >= threshold;

function roleOf(m: HeadMetrics, t: RoleThresholds): Role {
  if (m.entropyFraction >= t.diffuse) return 'diffuse';
  if (reaches(m.induction, t.induction)) return 'induction';
  if (reaches(m.duplicate, t.duplicate)) return 'duplicate';
  if (reaches(m.previous, t.previous)) return 'previous-token';
  if (reaches(m.self, t.self)) return 'self';
  if (reaches(m.sink, t.sink)) return 'sink';
  if (m.positionalOffset !== 0 && m.positionalOffset !== -1 && m.positional >= t.positional) return 'positional';
  return 'content';
}

const two = (x: number | null): string => (x ?? 0).toFixed(2);
const percent = (x: number): string => `${Math.round(x * 100)}%`;

function sentenceOf(m: HeadMetrics, role: Role): string {
  const name = `head ${m.layer}.${m.head}`;
  switch (role) {
    case 'diffuse':
      return `${name} spreads its attention almost evenly over the keys it may see: ${percent(m.entropyFraction)} of the uniform entropy`;
    case 'induction':
      return `${name} copies the token after the earlier occurrence of the current one: induction score ${two(m.induction)}`;
    case 'duplicate':
      return `${name} looks back at earlier occurrences of the current token: duplicate-token score ${two(m.duplicate)}`;
    case 'previous-token':
      return `${name} attends to the previous token: previous-token score ${two(m.previous)}`;
    case 'self':
      return `${name} attends to its own position: self score ${two(m.self)}`;
    case 'sink':
      return `${name} parks its attention on the first token: sink score ${two(m.sink)}`;
    case 'positional': {
      const d = -m.positionalOffset;
      const where = d > 0 ? `${d} tokens back` : `${-d} tokens ahead`;
      return `${name} attends by position, to the token ${where}: positional score ${two(m.positional)}`;
    }
    case 'content':
      return `${name} picks keys by what they hold, not where they are: ${percent(m.entropyFraction)} of the uniform entropy, and no fixed offset gets more than ${two(m.positional)}`;
  }
}
