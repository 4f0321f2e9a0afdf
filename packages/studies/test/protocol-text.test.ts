import { describe, expect, it } from 'vitest';
import { smProtocolText, spuriousMinima } from '../src/index.js';

// The reports print the protocol from the resolved parameters; these are the presets of spec §4.4.
describe('census protocol text', () => {
  it('states the SS18 and P4 presets as the spec gives them', () => {
    expect(smProtocolText(spuriousMinima.resolve({ protocol: 'ss18', maxN: 20 }))).toBe(
      'W₀ = randn/√d, GD step 0.1, stop when max_i ‖∂F/∂w_i‖ ≤ 1e-9 or after 200000 steps, spurious when F ≥ 0.001, n ≤ 20',
    );
    expect(smProtocolText(spuriousMinima.resolve({ protocol: 'p4' }))).toBe(
      'W₀ = randn/√k, GD step 5/k, stop when ‖∇F‖ ≤ 1e-12 or after 200000 steps, spurious when F ≥ 0.001',
    );
    expect(smProtocolText(spuriousMinima.resolve({ protocol: 'p4', step: 0.25 }))).toContain('GD step 0.25,');
  });
});
