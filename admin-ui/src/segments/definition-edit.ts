// The segment being edited: a SegmentNode whose leaf values may still be what the merchant typed (a number
// field holding "abc" keeps the text), edited by path, and checked with the contract's own schema so each
// problem is shown next to the field it is about.
import type { z } from 'zod';
import { segmentDefinitionSchema, type SegmentNode } from '../../../server/contracts/index.js';

export type Path = ReadonlyArray<string | number>;

export const pathKey = (path: Path): string => path.join('.');

export function getAt(node: unknown, path: Path): unknown {
  let current = node;
  for (const step of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** A copy of `root` with the value at `path` replaced (undefined removes an object key). */
export function setAt<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root] as unknown[];
    copy[head as number] = setAt(copy[head as number], rest, value);
    return copy as T;
  }
  const copy = { ...(root as Record<string, unknown>) };
  const next = setAt(copy[head as string], rest, value);
  if (next === undefined) delete copy[head as string];
  else copy[head as string] = next;
  return copy as T;
}

/** A copy of `root` without item `index` of the array at `path`. */
export function removeAt<T>(root: T, path: Path, index: number): T {
  const list = getAt(root, path);
  if (!Array.isArray(list)) return root;
  return setAt(
    root,
    path,
    list.filter((_, i) => i !== index),
  );
}

/** "12" → 12; text that is not a plain number stays text (and the check says so). */
export function parseNumber(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '' || !/^-?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return text;
  return Number(trimmed);
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

function friendlyMessage(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int' && typeof value === 'number') return 'Enter a whole number';
      if (issue.expected === 'number' || issue.expected === 'int') return 'Enter a number';
      if (issue.expected === 'string') return 'Enter a value';
      return 'Enter a value';
    case 'too_small':
      if (issue.origin === 'array')
        return issue.path.at(-1) === 'conditions'
          ? 'Add at least one condition to this group'
          : 'Choose at least one';
      if (issue.origin === 'string') return 'Enter a value';
      return `Must be ${String(issue.minimum)} or more`;
    case 'too_big':
      if (issue.origin === 'string')
        return `Must be at most ${String(issue.maximum)} ${plural(Number(issue.maximum), 'character', 'characters')}`;
      if (issue.origin === 'array') return `Choose at most ${String(issue.maximum)}`;
      return `Must be ${String(issue.maximum)} or less`;
    case 'invalid_union':
      if (typeof value === 'object' && value !== null && 'daysAgo' in value)
        return 'Enter a whole number of days';
      return 'Enter a date';
    case 'invalid_format':
      return issue.message;
    default: {
      const text = issue.message;
      return text.charAt(0).toUpperCase() + text.slice(1);
    }
  }
}

/** Problems of the definition by path ("conditions.0.compare.value"), or {} when it is valid. */
export function definitionErrors(definition: SegmentNode): Record<string, string> {
  const parsed = segmentDefinitionSchema.safeParse(definition);
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = pathKey(issue.path as Path);
    if (!(key in errors)) errors[key] = friendlyMessage(issue, getAt(definition, issue.path as Path));
  }
  return errors;
}

/** The error for the field at `path`: its own, or the first one about something inside it. */
export function errorAt(errors: Record<string, string>, path: Path): string | undefined {
  const key = pathKey(path);
  if (key in errors) return errors[key];
  const inside = Object.keys(errors).find((k) => k.startsWith(`${key}.`));
  return inside === undefined ? undefined : errors[inside];
}

/** Server field errors ("definition.conditions.0.values.0") as definition paths. */
export function definitionFieldErrors(fields: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    if (key === 'definition') errors[''] = message;
    else if (key.startsWith('definition.')) errors[key.slice('definition.'.length)] = message;
  }
  return errors;
}
