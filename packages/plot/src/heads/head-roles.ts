import * as Plot from '@observablehq/plot';
import { headRoles, type HeadMetrics, type HeadRole, type Role, type RoleThresholds } from '@attn/heads';
import { inkOn, ROLE_COLORS } from '../marks/colors.js';
import { base, plotFigure, type FigureOptions, type Labels } from '../marks/figure.js';
import { checkLabels, checkOptions, describe, fail, fixed, need, optionsOf, short } from '../marks/matrix.js';

/**
 * The metric whose score each role prints in its cell: the score that reached the role's
 * threshold, and for `diffuse` and `content` (which no score reached) the entropy fraction, near
 * 1 for a diffuse head and lower for a focused content head.
 *
 * @example
 * ```ts
 * ROLE_SCORES['previous-token']; // 'previous'
 * ```
 */
export const ROLE_SCORES: Readonly<Record<Role, keyof HeadMetrics>> = Object.freeze({
  diffuse: 'entropyFraction',
  induction: 'induction',
  duplicate: 'duplicate',
  'previous-token': 'previous',
  self: 'self',
  sink: 'sink',
  positional: 'positional',
  content: 'entropyFraction',
});

/** How much one head matters, e.g. how much a metric drops when the head is ablated. */
export interface HeadImportance {
  layer: number;
  head: number;
  value: number;
}

/** Options of {@link headRolesPlot}. */
export interface HeadRolesOptions extends Labels {
  /**
   * A number per head, printed as a second line of its cell (`importance 0.41`), e.g. the drop of
   * a metric when the head is ablated; heads without one get no second line.
   */
  importance?: readonly HeadImportance[];
  /** What the importance is, printed before each value: `importance` by default (e.g. `Δ loss`). */
  importanceLabel?: string;
  /** Thresholds for `headRoles` of @attn/heads when metrics are given (not roles); its `ROLE_THRESHOLDS` by default. */
  thresholds?: Partial<RoleThresholds>;
}

const ROLES = Object.keys(ROLE_COLORS) as Role[];
const CELL_WIDTH = 124;

/**
 * The head-role grid: one cell per head, a row per layer and a column per head, coloured by the
 * role `headRoles` of @attn/heads named (colours of {@link ROLE_COLORS}, keyed on the right), with
 * the role and the score that decided it written in the cell (`induction 0.93`, see
 * {@link ROLE_SCORES}) and each head's sentence as the cell's tooltip. Takes the roles, or the
 * metrics of `headMetrics` (then named with `options.thresholds`).
 *
 * @example
 * ```ts
 * const model = new DecoderOnly({ vocabSize: 16, maxLen: 16, dModel: 16, heads: 2, layers: 2, seed: 0 });
 * const { heads } = analyzeHeads(model, repeatedTokens({ vocabSize: 16, length: 6, batch: 4 }));
 * Plot.plot(headRolesPlot(heads)); // 2 × 2 grey cells: 'diffuse 0.97', …
 * ```
 */
export function headRolesPlot(heads: readonly HeadRole[] | readonly HeadMetrics[], options: HeadRolesOptions = {}): Plot.PlotOptions {
  const op = 'headRolesPlot';
  options = optionsOf(op, options);
  checkLabels(op, options);
  checkOptions(op, options, { importanceLabel: 'string' });
  need(options.importance === undefined || Array.isArray(options.importance), op, 'importance', 'an array of { layer, head, value }', options.importance);
  if (options.thresholds !== undefined) optionsOf(op, options.thresholds, 'thresholds');
  const roles = rolesOf(op, heads, options.thresholds);
  const key = (layer: number, head: number) => `${layer}.${head}`;
  const seen = new Set<string>();
  for (const r of roles) {
    if (!Number.isInteger(r.layer) || r.layer < 0 || !Number.isInteger(r.head) || r.head < 0) fail(op, `layer and head must be non-negative integers, got layer ${describe(r.layer)}, head ${describe(r.head)}`);
    if (!ROLES.includes(r.role)) fail(op, `role must be one of ${ROLES.join(', ')}, got ${describe(r.role)} for head ${key(r.layer, r.head)}`);
    if (seen.has(key(r.layer, r.head))) fail(op, `head ${key(r.layer, r.head)} appears twice`);
    seen.add(key(r.layer, r.head));
  }
  const importance = new Map<string, number>();
  (options.importance ?? []).forEach((imp, i) => {
    if (imp === null || typeof imp !== 'object' || !Number.isFinite(imp.value)) fail(op, `importance[${i}] must be { layer, head, value } with a finite value, got ${describe(imp)}`);
    if (!seen.has(key(imp.layer, imp.head))) fail(op, `importance[${i}] names head ${key(imp.layer, imp.head)}, which is not in the grid (heads ${[...seen].join(', ')})`);
    importance.set(key(imp.layer, imp.head), imp.value);
  });
  const label = options.importanceLabel ?? 'importance';
  const layers = [...new Set(roles.map((r) => r.layer))].sort((a, b) => a - b);
  const columns = [...new Set(roles.map((r) => r.head))].sort((a, b) => a - b);
  const cells = roles.map((r) => {
    const score = r.scores?.[ROLE_SCORES[r.role]];
    const value = importance.get(key(r.layer, r.head));
    return {
      layer: r.layer, head: r.head, role: r.role, sentence: r.sentence,
      text: typeof score === 'number' ? `${r.role} ${fixed(score, 2)}` : r.role,
      second: value === undefined ? '' : `${label} ${short(value)}`,
      ink: inkOn(ROLE_COLORS[r.role]),
    };
  });
  const present = ROLES.filter((role) => cells.some((c) => c.role === role));
  const cellHeight = importance.size ? 46 : 34;
  const marginTop = 24;
  const marginLeft = 52;
  const marginRight = 28 + 7 * Math.max(...present.map((r) => r.length));
  const height = Math.max(marginTop + layers.length * cellHeight + 8, marginTop + 16 * present.length + 8);
  const counts = present.map((role) => `${cells.filter((c) => c.role === role).length} ${role}`).join(', ');
  const listed = cells.length <= 16 ? `: ${[...cells].sort((a, b) => a.layer - b.layer || a.head - b.head).map((c) => `head ${key(c.layer, c.head)} ${c.text}${c.second ? ` (${c.second})` : ''}`).join('; ')}` : '';
  const top = [...importance].sort((a, b) => b[1] - a[1])[0];
  return {
    ...base(options, {
      title: 'What each head attends to',
      subtitle: `${layers.length} layer${layers.length > 1 ? 's' : ''} × ${columns.length} head${columns.length > 1 ? 's' : ''}, coloured by role; each cell names the role and the score that decided it${importance.size ? `, then the ${label}` : ''}`,
      description: `A grid of ${cells.length} attention heads (rows of layers, columns of heads) coloured by role: ${counts}${listed}.${top ? ` The largest ${label} is ${short(top[1])}, of head ${top[0]}.` : ''}`,
    }),
    width: marginLeft + columns.length * CELL_WIDTH + marginRight,
    height,
    marginTop, marginLeft, marginRight, marginBottom: height - marginTop - layers.length * cellHeight,
    x: { type: 'band', domain: columns, padding: 0, axis: 'top', tickSize: 0, tickFormat: (h: number) => `head ${h}`, label: null },
    y: { type: 'band', domain: layers, padding: 0, tickSize: 0, tickFormat: (l: number) => `layer ${l}`, label: null },
    color: { type: 'ordinal', domain: ROLES, range: ROLES.map((r) => ROLE_COLORS[r]) },
    marks: [
      Plot.cell(cells, { x: 'head', y: 'layer', fill: 'role', inset: 1.5, title: 'sentence' }),
      Plot.text(cells, { x: 'head', y: 'layer', text: 'text', fill: 'ink', fontWeight: 'bold', dy: importance.size ? -7 : 0 }),
      ...(importance.size ? [Plot.text(cells.filter((c) => c.second), { x: 'head', y: 'layer', text: 'second', fill: 'ink', dy: 8 })] : []),
      // the key: a swatch and the role's name per role drawn, in the right margin
      ...present.flatMap((r, i) => [
        // a square shape, not a '■' glyph: it is a colour sample, not text to read
        Plot.dot([r], { frameAnchor: 'top-right', symbol: 'square', fill: (x: Role) => x, stroke: '#999', strokeWidth: 0.5, r: 5, dx: 17, dy: 13 + 16 * i }),
        Plot.text([r], { frameAnchor: 'top-right', text: (x: Role) => x, textAnchor: 'start', dx: 28, dy: 8 + 16 * i }),
      ]),
    ],
  };
}

/**
 * The head-role grid as a finished figure: {@link headRolesPlot} drawn in `options.document`.
 *
 * @example
 * ```ts
 * document.body.append(headRolesFigure(analyzeHeads(model, inputs).heads));
 * ```
 */
export function headRolesFigure(heads: readonly HeadRole[] | readonly HeadMetrics[], options: HeadRolesOptions & FigureOptions = {}): HTMLElement | SVGSVGElement {
  return plotFigure(headRolesPlot(heads, options), options);
}

/** The heads as roles: as given, or named from their metrics by `headRoles`. */
function rolesOf(op: string, heads: readonly (HeadRole | HeadMetrics)[], thresholds: Partial<RoleThresholds> | undefined): HeadRole[] {
  if (!Array.isArray(heads as unknown) || heads.length === 0) fail(op, `expected a non-empty array of head roles (from headRoles) or head metrics (from headMetrics), got ${describe(heads)}`);
  const isRole = (h: unknown): h is HeadRole => h !== null && typeof h === 'object' && typeof (h as HeadRole).role === 'string';
  const isMetrics = (h: unknown): h is HeadMetrics => h !== null && typeof h === 'object' && typeof (h as HeadMetrics).entropyFraction === 'number';
  if (heads.every(isRole)) {
    if (thresholds !== undefined) fail(op, 'thresholds name roles from metrics, but these heads already have roles: pass headMetrics(...) instead, or headRoles(metrics, thresholds)');
    return [...heads];
  }
  if (heads.every(isMetrics)) return headRoles(heads, thresholds);
  const bad = heads.findIndex((h) => !isRole(h) && !isMetrics(h));
  if (bad >= 0) fail(op, `heads[${bad}] is neither a head role ({ layer, head, role, … }) nor head metrics ({ layer, head, entropyFraction, … }), got ${describe(heads[bad])}`);
  fail(op, 'heads must be all roles or all metrics, got a mix');
}
