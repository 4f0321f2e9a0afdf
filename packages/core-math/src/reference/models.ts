import type { RawModels } from '../abi/models.js';
import type { Mem } from './mem.js';

/** TS twins of the model kernels (filled in with the model-kernel family). */
export function modelTwins(_m: Mem): RawModels {
  return {};
}
