/**
 * A lab's view in the URL: `?lab=<id>&<key>=<value>&…` (query string, so the `#` stays free). Values are the
 * raw form strings; they are validated by the lab's own form when it runs, exactly like typed input.
 * Old links of the form `#<id>` still open that lab.
 */

export interface UrlState {
  /** The lab id from `?lab=`, else from `#id`, else null. */
  lab: string | null;
  /** Every other query parameter, in order. */
  values: [string, string][];
}

/** Parses `location.search` and `location.hash`. */
export function decodeState(search: string, hash: string): UrlState {
  const q = new URLSearchParams(search);
  const lab = q.get('lab') ?? (hash.length > 1 ? decodeURIComponent(hash.slice(1)) : null);
  return { lab: lab || null, values: [...q.entries()].filter(([k]) => k !== 'lab') };
}

/** `?lab=<id>&k=v…` for a lab and its parameters (URL-encoded; order kept). */
export function encodeState(lab: string, params: Record<string, string>): string {
  const q = new URLSearchParams({ lab });
  for (const [k, v] of Object.entries(params)) q.append(k, v);
  return `?${q}`;
}
