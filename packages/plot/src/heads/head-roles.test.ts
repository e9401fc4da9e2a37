import { describe, expect, it } from 'vitest';
import { headRoles } from '@attn/heads';
import { createDocument, renderToSvg } from '../node.js';
import { expectAttnError, metricsOf, parseSvg, texts } from '../../test/helpers.js';
import { ROLE_COLORS } from '../marks/colors.js';
import { headRolesFigure, headRolesPlot } from './head-roles.js';

const document = createDocument();

/** Two layers of three heads, one of each kind a small model learns on repeated tokens. */
const METRICS = [
  metricsOf(0, 0, { entropyFraction: 0.97 }),
  metricsOf(0, 1, { previous: 0.88 }),
  metricsOf(0, 2, { sink: 0.71 }),
  metricsOf(1, 0, { induction: 0.93 }),
  metricsOf(1, 1, { duplicate: 0.45 }),
  metricsOf(1, 2, { entropyFraction: 0.31 }),
];

const svgOf = (el: Element) => parseSvg(renderToSvg(el));

describe('headRolesFigure', () => {
  it('headRolesFigure(roles) draws one cell per head, coloured by role, with the role and its deciding score', () => {
    const svg = svgOf(headRolesFigure(headRoles(METRICS), { document }));
    const rects = Array.from(svg.querySelectorAll('g[aria-label="cell"] rect'));
    expect(rects).toHaveLength(6);
    expect(rects.map((r) => r.getAttribute('fill'))).toEqual([
      ROLE_COLORS.diffuse, ROLE_COLORS['previous-token'], ROLE_COLORS.sink, ROLE_COLORS.induction, ROLE_COLORS.duplicate, ROLE_COLORS.content,
    ]);
    // each cell's tooltip is the head's sentence from headRoles
    expect(rects[3].querySelector('title')!.textContent).toBe('head 1.0 copies the token after the earlier occurrence of the current one: induction score 0.93');
    const t = texts(svg, 'g[aria-label="text"] text');
    expect(t.slice(0, 6)).toEqual(['diffuse 0.97', 'previous-token 0.88', 'sink 0.71', 'induction 0.93', 'duplicate 0.45', 'content 0.31']);
    // the key names the roles drawn, in the order of headRoles' rules
    expect(t.filter((s) => /^[a-z-]+$/.test(s))).toEqual(['diffuse', 'induction', 'duplicate', 'previous-token', 'sink', 'content']);
    expect(texts(svg, 'g[aria-label="x-axis tick label"] text')).toEqual(['head 0', 'head 1', 'head 2']);
    expect(texts(svg, 'g[aria-label="y-axis tick label"] text')).toEqual(['layer 0', 'layer 1']);
    expect(svg.querySelector('svg > title')!.textContent).toBe('What each head attends to');
    expect(svg.querySelector('svg > desc')!.textContent).toBe(
      'A grid of 6 attention heads (rows of layers, columns of heads) coloured by role: 1 diffuse, 1 induction, 1 duplicate, 1 previous-token, 1 sink, 1 content: ' +
      'head 0.0 diffuse 0.97; head 0.1 previous-token 0.88; head 0.2 sink 0.71; head 1.0 induction 0.93; head 1.1 duplicate 0.45; head 1.2 content 0.31.',
    );
  });

  it('headRolesPlot(metrics) names the roles with headRoles, and takes its thresholds', () => {
    const fromMetrics = headRolesPlot(METRICS);
    const fromRoles = headRolesPlot(headRoles(METRICS));
    expect(fromMetrics.ariaDescription).toBe(fromRoles.ariaDescription);
    // duplicate 0.45 falls short of a threshold of 0.5: the head is content
    expect(headRolesPlot(METRICS, { thresholds: { duplicate: 0.5 } }).ariaDescription).toMatch(/head 1\.1 content 0\.50/);
  });

  it('headRolesFigure(roles, { importance }) prints each head\'s importance as a second line', () => {
    const importance = [{ layer: 1, head: 0, value: 0.412 }, { layer: 0, head: 1, value: 0.05 }];
    const svg = svgOf(headRolesFigure(METRICS, { document, importance, importanceLabel: 'Δ loss' }));
    const t = texts(svg, 'g[aria-label="text"] text');
    expect(t.filter((s) => s.startsWith('Δ loss'))).toEqual(['Δ loss 0.05', 'Δ loss 0.412']);
    expect(svg.querySelector('svg > desc')!.textContent).toMatch(/head 1\.0 induction 0\.93 \(Δ loss 0\.412\);.* The largest Δ loss is 0\.412, of head 1\.0\.$/);
  });

  it('headRolesPlot leaves a cell empty for a head it is not given', () => {
    const plot = headRolesPlot(headRoles(METRICS.slice(0, 4)));
    const svg = svgOf(headRolesFigure(headRoles(METRICS.slice(0, 4)), { document }));
    expect(svg.querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(4);
    expect(plot.x).toMatchObject({ domain: [0, 1, 2] });
    expect(plot.y).toMatchObject({ domain: [0, 1] });
  });

  it('headRolesPlot says what is wrong with its input', () => {
    expectAttnError(() => headRolesPlot([]), 'ARGUMENT', 'headRolesPlot: expected a non-empty array of head roles (from headRoles) or head metrics (from headMetrics), got []');
    expectAttnError(() => headRolesPlot([METRICS[0], { layer: 0 }] as never), 'ARGUMENT', 'headRolesPlot: heads[1] is neither a head role ({ layer, head, role, … }) nor head metrics ({ layer, head, entropyFraction, … }), got {"layer":0}');
    expectAttnError(() => headRolesPlot([METRICS[0], ...headRoles([METRICS[1]])] as never), 'ARGUMENT', 'headRolesPlot: heads must be all roles or all metrics, got a mix');
    expectAttnError(() => headRolesPlot([METRICS[0], METRICS[0]]), 'ARGUMENT', 'headRolesPlot: head 0.0 appears twice');
    expectAttnError(() => headRolesPlot(headRoles(METRICS), { thresholds: { induction: 0.6 } }), 'ARGUMENT', /^headRolesPlot: thresholds name roles from metrics, but these heads already have roles/);
    expectAttnError(() => headRolesPlot(METRICS, { importance: [{ layer: 3, head: 0, value: 1 }] }), 'ARGUMENT', 'headRolesPlot: importance[0] names head 3.0, which is not in the grid (heads 0.0, 0.1, 0.2, 1.0, 1.1, 1.2)');
    expectAttnError(() => headRolesPlot(METRICS, { importance: [{ layer: 0, head: 0, value: Number.NaN }] }), 'ARGUMENT', 'headRolesPlot: importance[0] must be { layer, head, value } with a finite value, got {"layer":0,"head":0,"value":null}');
    expectAttnError(() => headRolesPlot([{ ...headRoles([METRICS[0]])[0], role: 'mystery' }] as never), 'ARGUMENT', /^headRolesPlot: role must be one of diffuse, induction, .*, got "mystery" for head 0\.0$/);
  });
});
