// Save-time validation of a message template: it parses with the restricted engine (whitelisted filters
// and tags only) and every variable it reads is a catalogue field the message may use. Problems are
// returned as values with a position, so the editor can point at them; send time then never meets an
// unknown field.
import { LiquidError, type Template } from 'liquidjs';
import {
  MARKETING_ONLY_ROOTS,
  MAX_TEMPLATE_SOURCE_LENGTH,
  TEMPLATE_FILTERS,
  TEMPLATE_TAGS,
  type MergeFieldRoot,
  type TemplateKind,
  type TemplateValidationIssue,
  type TemplateValidationResult,
} from '../../contracts/templates.js';
import { liquid } from './liquid-engine.js';
import { MERGE_FIELD_ROOTS, fieldsOfRoot, isMergeFieldRoot, mergeField } from './merge-fields.js';

export interface ValidateTemplateOptions {
  kind: TemplateKind;
  /** Roots this message can fill (e.g. an order automation: order, customer, subscriber, shop). Default: all. */
  allowedRoots?: readonly MergeFieldRoot[];
}

const FILTER_NAMES = TEMPLATE_FILTERS.map((f) => f.name).join(', ');
const TAG_NAMES = TEMPLATE_TAGS.filter((t) => t !== '#').join(', ');

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** liquidjs appends ", line:1, col:4" to its messages; the position is reported separately. */
const stripPosition = (message: string): string => message.replace(/, line:\d+, col:\d+$/, '');

function parseErrorIssue(err: LiquidError): TemplateValidationIssue {
  const position = err.token?.getPosition();
  const at = position ? { line: position[0], column: position[1] } : {};
  const raw = stripPosition(err.message);
  const filter = /^undefined filter: (.+)$/.exec(raw);
  if (filter) {
    const name = filter[1]!.trim();
    const hint = closest(
      name,
      TEMPLATE_FILTERS.map((f) => f.name),
    );
    return {
      message: `Unknown filter "${name}".${hint ? ` Did you mean "${hint}"?` : ''} Allowed filters: ${FILTER_NAMES}.`,
      ...at,
    };
  }
  const tag = /^tag "(.+)" not found$/.exec(raw);
  if (tag) {
    return {
      message: `The {% ${tag[1]} %} tag is not allowed in SMS templates. Allowed tags: ${TAG_NAMES}.`,
      ...at,
    };
  }
  return { message: `Template syntax error: ${raw}.`, ...at };
}

type Segment = string | number | Segment[];

function fieldIssue(
  segments: Segment[],
  allowed: ReadonlySet<string>,
  kind: TemplateKind,
): { issue: string; field?: string } | { path: string } {
  const [root, ...rest] = segments;
  if (typeof root !== 'string' || rest.some((s) => typeof s !== 'string')) {
    return {
      issue:
        'Merge fields are written as root.field, such as {{ customer.first_name }}; computed or indexed access is not supported.',
    };
  }
  const path = [root, ...rest].join('.');
  if (!isMergeFieldRoot(root)) {
    const hint = closest(root, MERGE_FIELD_ROOTS);
    return {
      issue: `Unknown merge field "${path}".${hint ? ` Did you mean "${hint}"?` : ''} Available groups: ${MERGE_FIELD_ROOTS.join(', ')}.`,
      field: path,
    };
  }
  const names = fieldsOfRoot(root);
  if (rest.length !== 1) {
    return {
      issue: `"${path}" is not a merge field. Use one of: ${names.map((n) => `${root}.${n}`).join(', ')}.`,
      field: path,
    };
  }
  if (!mergeField(path)) {
    const hint = closest(String(rest[0]), names);
    return {
      issue: `Unknown merge field "${path}".${hint ? ` Did you mean "${root}.${hint}"?` : ''} Available: ${names.map((n) => `${root}.${n}`).join(', ')}.`,
      field: path,
    };
  }
  if (kind === 'transactional' && MARKETING_ONLY_ROOTS.includes(root)) {
    return {
      issue: `"${path}" is marketing content and cannot be used in a transactional message.`,
      field: path,
    };
  }
  if (!allowed.has(root)) {
    return {
      issue: `"${path}" is not available in this message. Available groups here: ${[...allowed].join(', ') || 'none'}.`,
      field: path,
    };
  }
  return { path };
}

/** Validates a template when it is saved. `fields` lists the merge fields it uses, in order of first use. */
export function validateTemplate(source: string, options: ValidateTemplateOptions): TemplateValidationResult {
  if (source.trim() === '') return { ok: false, errors: [{ message: 'The message is empty.' }] };
  if (source.length > MAX_TEMPLATE_SOURCE_LENGTH) {
    return {
      ok: false,
      errors: [
        {
          message: `The message is too long: ${source.length} characters, at most ${MAX_TEMPLATE_SOURCE_LENGTH}.`,
        },
      ],
    };
  }
  let templates: Template[];
  try {
    templates = liquid.parse(source);
  } catch (err) {
    if (err instanceof LiquidError) return { ok: false, errors: [parseErrorIssue(err)] };
    throw err;
  }
  const analysis = liquid.analyzeSync(templates, { partials: false });
  const allowed = new Set<string>(options.allowedRoots ?? MERGE_FIELD_ROOTS);
  const errors: TemplateValidationIssue[] = [];
  const fields: string[] = [];
  const variables = Object.values(analysis.globals)
    .flat()
    .sort((a, b) => a.location.row - b.location.row || a.location.col - b.location.col);
  for (const variable of variables) {
    const result = fieldIssue(variable.toArray(), allowed, options.kind);
    const at = { line: variable.location.row, column: variable.location.col };
    if ('path' in result) {
      if (!fields.includes(result.path)) fields.push(result.path);
    } else {
      errors.push({ message: result.issue, ...(result.field ? { field: result.field } : {}), ...at });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, fields };
}
