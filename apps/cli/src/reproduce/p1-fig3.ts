/**
 * `reproduce p1-fig3`: P1 Fig. 3, both phase portraits: (1 − w₂w₁)² and (1 − w₂σ(w₁))² with σ(z) = z/√(1 + z²)
 * (spec §1.5), with the numbers P1 gives or implies beside ours: the conserved C at the origin (printed −1, a typo
 * for −½), the saddle's manifolds on that level set, the conservation of C along the flow, and starts on the stable
 * manifold flowing into the saddle. The portraits are deterministic; `--scale` changes nothing here.
 */
import {
  type LinearFlowInput,
  type LinearFlowParams,
  type LinearFlowResult,
  P1_C_AT_ORIGIN,
} from '@landscape-lab/studies';
import { portraitFigure } from '../commands/linear-flow.js';
import { markdownTable, num, table } from '../output.js';
import { reproduceTarget } from './target.js';

export function p1Input(): LinearFlowInput {
  // Only the portraits: one short imbalance run (the study needs one) and no saddle experiment.
  return {
    width: 1,
    cost: 'quadratic',
    target: 1,
    product: 0.5,
    imbalance: [0],
    tMax: 1,
    portraits: true,
    saddle: false,
  };
}

export const p1Fig3Target = reproduceTarget<LinearFlowParams, LinearFlowResult, 'linear-flow'>({
  target: 'p1-fig3',
  study: 'linear-flow',
  summary:
    'P1 Fig. 3: linear and sigmoidal phase portraits, C(0,0) = −½ (printed −1), manifolds, conservation.',
  input: p1Input,
  scales: { quick: 'both portraits (deterministic)', paper: 'the same (the portraits have no random part)' },
  report(_p, r) {
    const lin = r.portraits.find((x) => x.example === 'linear')!;
    const sig = r.portraits.find((x) => x.example === 'sigmoidal')!;
    const columns = ['quantity', 'P1', 'ours (linear)', 'ours (sigmoidal)'];
    const rows = [
      [
        'C at the origin',
        `sigmoidal: printed ${P1_C_AT_ORIGIN.printed}, eq. (10) gives ${P1_C_AT_ORIGIN.value}`,
        num(lin.originLevel),
        num(sig.originLevel),
      ],
      [
        'max |C − C(0,0)| on the drawn manifolds',
        '0 (they lie on the level set)',
        num(lin.manifoldLevelError),
        num(sig.manifoldLevelError),
      ],
      [
        'max |C(w(t)) − C(w(0))| along the trajectories',
        '0 (C is conserved)',
        num(lin.trajectoryDrift),
        num(sig.trajectoryDrift),
      ],
      [
        '‖w(6)‖ from the stable manifold (2 starts)',
        '→ 0 (flows into the saddle)',
        lin.stableEndNorms.map((x) => num(x)).join(', '),
        sig.stableEndNorms.map((x) => num(x)).join(', '),
      ],
    ];
    const md = [
      '# P1 Fig. 3: phase portraits, ours beside the paper',
      '',
      'P1 prints no table for Fig. 3; the numbers it states or implies are below (spec §1.5). Our trajectories are integrated with adaptive Dormand–Prince (rtol 1e−9, atol 1e−12), so the conservation error is of that order.',
      '',
      markdownTable(columns, rows),
      '',
      '![linear](portrait-linear.svg) ![sigmoidal](portrait-sigmoidal.svg)',
      '',
    ].join('\n');
    return {
      body: { portraits: r.portraits.map(({ invariant: _grid, ...rest }) => rest) },
      table: table(columns, rows),
      files: [
        { name: 'p1-fig3.md', content: md },
        ...r.portraits.map((x) => ({ name: `portrait-${x.example}.svg`, content: portraitFigure(x) })),
      ],
    };
  },
});
