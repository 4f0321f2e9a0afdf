/** Shared page state: the latest "current point" of each lab, which the landscape-slice lab can look around. */
import type { SliceSource } from './protocol.js';

const sources = new Map<string, SliceSource>();
const listeners = new Set<() => void>();

export function setSliceSource(key: string, src: SliceSource): void {
  sources.set(key, src);
  for (const l of listeners) l();
}

export function sliceSources(): [string, SliceSource][] {
  return [...sources.entries()];
}

export function onSliceSources(l: () => void): void {
  listeners.add(l);
}
