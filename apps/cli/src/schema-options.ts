/**
 * CLI options generated from a study's parameter schema (studies `defineSchema`): the option name (the field's key
 * in kebab-case unless the field names its own), kind, bounds, choices, placeholder, help and default text all come
 * from the schema, so the CLI restates no bound. {@link schemaInput} maps parsed options back to the study's input.
 */
import { defaultText, describeBounds, describePlural, type Field, type Schema } from '@landscape-lab/studies';
import type { OptionSpec, ParsedOptions } from './args.js';

/** `maxIters` → `max-iters`. */
export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The CLI option name of a field, or null when the CLI does not expose it. */
export function optionName(key: string, f: Field): string | null {
  if (f.cli === false || f.kind === 'matrix') return null;
  return f.cli ?? kebab(key);
}

function placeholder(f: Field): string | undefined {
  if (f.arg) return f.arg;
  switch (f.kind) {
    case 'int':
      return f.values ? undefined : '<int>';
    case 'number':
      return f.keywords ? `<${f.keywords.join('|')}|x>` : '<x>';
    case 'int-list':
      return '<list>';
    case 'number-list':
      return '<x1,x2,…>';
    case 'pairs':
      return `<${f.names}>`;
    default:
      return undefined;
  }
}

/** What the help line adds about the accepted values: the field's bounds in the house wording, if it has any. */
export function boundsText(f: Field): string {
  const bounded = (b: { min?: number; max?: number }) => b.min !== undefined || b.max !== undefined;
  switch (f.kind) {
    case 'int':
      return !f.values && bounded(f) ? describeBounds(f, true) : '';
    case 'number':
      return bounded(f) ? describeBounds(f, false) : '';
    case 'int-list':
      return bounded(f) ? describePlural(f, true) : '';
    case 'number-list':
      return bounded(f) ? describePlural(f, false) : '';
    default:
      return '';
  }
}

/** The option of one field. */
export function fieldOption(name: string, f: Field): OptionSpec {
  const bt = boundsText(f);
  const common = {
    name,
    help: bt ? `${f.help}; ${bt}` : f.help,
    ...(placeholder(f) !== undefined ? { arg: placeholder(f) } : {}),
    ...(defaultText(f) !== undefined && f.kind !== 'bool' ? { defaultText: defaultText(f) } : {}),
  };
  const bounds = {
    ...(f.kind !== 'enum' && f.kind !== 'bool' && f.kind !== 'pairs' && f.kind !== 'matrix'
      ? { min: f.min, minExclusive: f.minExclusive, max: f.max, maxExclusive: f.maxExclusive }
      : {}),
  };
  switch (f.kind) {
    case 'int':
      return f.values
        ? { ...common, kind: 'enum', choices: f.values.map(String) }
        : { ...common, ...bounds, kind: 'int' };
    case 'number':
      return f.keywords
        ? { ...common, ...bounds, kind: 'number-or-keyword', choices: f.keywords }
        : { ...common, ...bounds, kind: 'number' };
    case 'int-list':
      return { ...common, ...bounds, kind: 'int-list' };
    case 'number-list':
      return { ...common, ...bounds, kind: 'number-tuple' };
    case 'enum':
      return { ...common, kind: 'enum', choices: f.choices };
    case 'bool':
      return { ...common, kind: 'flag' };
    case 'pairs':
      return { ...common, kind: 'pair', repeatable: true };
    case 'matrix':
      throw new Error(`fieldOption: a matrix field (${name}) has no CLI option.`);
  }
}

/**
 * The options of a schema, in declaration order (fields with `cli: false` and matrices are skipped).
 * @param only keep these keys (in schema order); @param skip drop these keys.
 */
export function schemaOptions(
  schema: Schema,
  sel: { only?: readonly string[]; skip?: readonly string[] } = {},
): OptionSpec[] {
  const out: OptionSpec[] = [];
  for (const [key, f] of Object.entries(schema)) {
    if (sel.only && !sel.only.includes(key)) continue;
    if (sel.skip?.includes(key)) continue;
    const name = optionName(key, f);
    if (name !== null) out.push(fieldOption(name, f));
  }
  return out;
}

/** The study input from parsed options: each exposed field's option value under its key (absent when not given). */
export function schemaInput(schema: Schema, o: ParsedOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(schema)) {
    const name = optionName(key, f);
    if (name === null || o[name] === undefined) continue;
    const v = o[name];
    out[key] = f.kind === 'int' && f.values ? Number(v) : v;
  }
  return out;
}
