import {
  ALPHA_BETA_SCHEMA,
  describeBounds,
  HESSIAN_SCHEMA,
  LINEAR_FLOW_SCHEMA,
  PHASE_TRANSITION_SCHEMA,
  type Schema,
  SLICE_SCHEMA,
  SPLIT_NEURON_SCHEMA,
  SPURIOUS_MINIMA_SCHEMA,
} from '@landscape-lab/studies';
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../src/args.js';
import { isStudyCommand } from '../src/command.js';
import { COMMANDS } from '../src/commands/index.js';
import { boundsText, kebab, optionName, schemaInput } from '../src/schema-options.js';

const BY_COMMAND: Record<string, Schema> = {
  'phase-transition': PHASE_TRANSITION_SCHEMA,
  'spurious-minima': SPURIOUS_MINIMA_SCHEMA,
  'linear-flow': LINEAR_FLOW_SCHEMA,
  'alpha-beta': ALPHA_BETA_SCHEMA,
  hessian: HESSIAN_SCHEMA,
  slice: SLICE_SCHEMA,
  'split-neuron': SPLIT_NEURON_SCHEMA,
};

describe('CLI options come from the study schemas', () => {
  it('help lines state the bounds in the house wording', () => {
    expect(boundsText(SPLIT_NEURON_SCHEMA.alphas)).toBe('numbers in (0, 1)');
    expect(boundsText(PHASE_TRANSITION_SCHEMA.trials)).toBe('an integer in [1, 1023]');
    expect(boundsText(PHASE_TRANSITION_SCHEMA.activation)).toBe('');
    expect(boundsText(LINEAR_FLOW_SCHEMA.target)).toBe('');
  });

  it('kebab-cases keys', () => {
    expect(kebab('maxIters')).toBe('max-iters');
    expect(kebab('initPush')).toBe('init-push');
    expect(kebab('k')).toBe('k');
  });

  it('every exposed field is an option with the schema bounds and help; out-of-bound values get its message', () => {
    let checked = 0;
    for (const [name, schema] of Object.entries(BY_COMMAND)) {
      const cmd = COMMANDS.filter(isStudyCommand).find((c) => c.name === name);
      expect(cmd, name).toBeDefined();
      for (const [key, f] of Object.entries(schema)) {
        const opt = optionName(key, f);
        if (opt === null) {
          expect(
            cmd!.options.some((o) => o.name === kebab(key) && o.help === f.help),
            `${name} ${key}`,
          ).toBe(false);
          continue;
        }
        const o = cmd!.options.find((x) => x.name === opt);
        expect(o, `${name} --${opt}`).toBeDefined();
        expect(o!.help).toBe(boundsText(f) ? `${f.help}; ${boundsText(f)}` : f.help);
        if (f.kind === 'int' && !f.values && f.max !== undefined) {
          expect([o!.min, o!.max]).toEqual([f.min, f.max]);
          expect(() => parseOptions(cmd!.options, [`--${opt}`, String(f.max! + 1)])).toThrow(
            `--${opt} must be ${describeBounds(f, true)}. Value: "${f.max! + 1}".`,
          );
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  });

  it('maps parsed options back to the study input under the schema keys', () => {
    const cmd = COMMANDS.filter(isStudyCommand).find((c) => c.name === 'alpha-beta')!;
    const o = parseOptions(cmd.options, [
      '--example',
      '1',
      '--check',
      '2.5,2',
      '--check',
      '1,0',
      '--max-iters',
      '7',
      '--f-star',
      'zero',
    ]);
    expect(schemaInput(ALPHA_BETA_SCHEMA, o)).toEqual({
      example: 1,
      extraChecks: [
        [2.5, 2],
        [1, 0],
      ],
      maxIters: 7,
      fStar: 'zero',
    });
    expect(() => parseOptions(cmd.options, ['--f-star', 'nope'])).toThrow(
      '--f-star must be exact, zero, paper or a finite number. Value: "nope".',
    );
  });
});
