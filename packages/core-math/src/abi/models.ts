/**
 * Raw model kernels used by `@landscape-lab/trainers` hot loops (filled in by the trainers work).
 * Kept as its own family so the ABI test covers it like every other.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the model-kernel family.
export interface RawModels {}

export const MODEL_NAMES = [] as const satisfies readonly (keyof RawModels)[];
