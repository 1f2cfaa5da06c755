// Which branches of an `{% if %}` / `{% unless %}` / `{% case %}` block can render, given what is known
// about the message's fields: a field (or a whole root such as `discount`) may be known to be absent (a
// flow's discount code while the option is off), set to "" (empty), or present with a non-empty value (the
// code while the option is on). A field not known may be any of the three. Conditions are evaluated as
// liquidjs does (nil == blank but nil != empty; "" is truthy) in three-valued logic: true, false or
// unknown. A branch whose condition is false cannot render; a branch after one whose condition is true
// cannot either; when no branch is certain and there is no `else`, rendering nothing is one more
// alternative. Unknown keeps the branch, so the analysis covers every branch that might render.
// Blocks are independent alternatives, except that a field tested by several blocks is in the same state
// for all of them: such fields are enumerated jointly (up to MAX_CORRELATED_CONDITIONS of them). A
// condition that the field's state does not decide (`x == "VIP"`, `x > 3`), or that tests a field the
// message also prints, keeps both branches but makes the range an outer bound rather than exact.
import type { TemplateLeaf, TemplatePart } from './template-parse.js';

export type FieldPresence = 'absent' | 'empty' | 'present';
export const FIELD_PRESENCES: readonly FieldPresence[] = ['absent', 'empty', 'present'];
/** Keys are field paths (`discount.code`) or roots (`discount`, for all its fields). */
export type KnownFields = Readonly<Record<string, FieldPresence>>;

type Truth = boolean | undefined;

export const MAX_CORRELATED_CONDITIONS = 4;

/** Literals a missing value equals. */
const MISSING_WORDS = /^(?:blank|nil|null)$/;
/** Literals "" equals. */
const EMPTY_WORDS = /^(?:blank|empty|""|'')$/;
/** Literals a non-empty value never equals. */
const NOTHING_WORDS = /^(?:blank|empty|nil|null|""|'')$/;
const PATH = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*$/;

function presenceOf(path: string, known: KnownFields): FieldPresence | undefined {
  if (Object.hasOwn(known, path)) return known[path];
  const root = path.split('.')[0] ?? path;
  return Object.hasOwn(known, root) ? known[root] : undefined;
}

/** A term on a field in a given state: the bare field (truthiness) or `== literal`. */
function termInState(presence: FieldPresence, literal: string | null): Truth {
  if (literal === null) return presence !== 'absent';
  if (presence === 'absent') return MISSING_WORDS.test(literal);
  if (presence === 'empty') return EMPTY_WORDS.test(literal);
  return NOTHING_WORDS.test(literal) ? false : undefined; // a value may or may not equal another literal
}

/** One comparison or bare value: `discount.code`, `x == blank`, `x != ""`, `true`. */
function evaluateTerm(term: string, known: KnownFields): Truth {
  const t = term.trim();
  if (t === 'true') return true;
  if (t === 'false' || t === 'nil' || t === 'null') return false;
  const comparison = /^(\S+)\s*(==|!=|<>)\s*(\S.*)$/.exec(t);
  const path = comparison ? (comparison[1] ?? '') : t;
  if (!PATH.test(path)) return undefined;
  const literal = comparison ? (comparison[3] ?? '').trim() : null;
  const known1 = presenceOf(path, known);
  const outcomes = new Set((known1 ? [known1] : FIELD_PRESENCES).map((p) => termInState(p, literal)));
  const equal = outcomes.size === 1 ? [...outcomes][0] : undefined;
  return equal === undefined || !comparison || comparison[2] === '==' ? equal : !equal;
}

/** Liquid evaluates `and` / `or` right to left without precedence: `a or b and c` is `a or (b and c)`. */
export function evaluateCondition(condition: string, known: KnownFields): Truth {
  const match = /^([\s\S]*?)\s+(and|or)\s+([\s\S]*)$/.exec(condition.trim());
  if (!match) return evaluateTerm(condition, known);
  const left = evaluateTerm(match[1] ?? '', known);
  const right = evaluateCondition(match[3] ?? '', known);
  if (match[2] === 'and') return left === false || right === false ? false : left && right;
  return left === true || right === true ? true : left === false && right === false ? false : undefined;
}

/** The parts each branch that can render would render; `[]` stands for "no branch renders". */
export function applicableBranches(
  block: Extract<TemplatePart, { kind: 'block' }>,
  known: KnownFields,
): TemplatePart[][] {
  const out: TemplatePart[][] = [];
  for (const [index, branch] of block.branches.entries()) {
    if (branch.condition === null) {
      out.push(branch.parts);
      return out;
    }
    const holds = evaluateCondition(branch.condition, known);
    const renders =
      block.tag === 'unless' && index === 0 ? (holds === undefined ? undefined : !holds) : holds;
    if (renders === false) continue;
    out.push(branch.parts);
    if (renders === true) return out;
  }
  out.push([]);
  return out;
}

/** The template with its blocks resolved: only branches that can render, a lone one inlined. */
export type LivePart = TemplateLeaf | { kind: 'branches'; branches: LivePart[][] };

export function resolveBranches(parts: TemplatePart[], known: KnownFields): LivePart[] {
  const out: LivePart[] = [];
  const push = (part: LivePart): void => {
    const previous = out.at(-1);
    // Adjacent texts are one text, so a cluster typed across a tag boundary stays whole.
    if (part.kind === 'text' && previous?.kind === 'text')
      out[out.length - 1] = { kind: 'text', text: previous.text + part.text };
    else out.push(part);
  };
  for (const part of parts) {
    if (part.kind !== 'block') {
      push(part);
      continue;
    }
    const branches = applicableBranches(part, known).map((b) => resolveBranches(b, known));
    if (branches.length === 1) for (const p of branches[0] ?? []) push(p);
    else push({ kind: 'branches', branches });
  }
  return out;
}

/** The text and field parts of the branches that can render, in template order. */
export const liveLeaves = (parts: LivePart[]): TemplateLeaf[] =>
  parts.flatMap((p) => (p.kind === 'branches' ? p.branches.flatMap(liveLeaves) : [p]));

const LITERALS = new Set(['true', 'false', 'nil', 'null', 'blank', 'empty']);
const termsOf = (condition: string): string[] => condition.trim().split(/\s+(?:and|or)\s+/);

/** The field a term tests (`a.b` in `a.b` or `a.b == blank`), if any. */
function testedPath(term: string): string | undefined {
  const t = term.trim();
  const left = /^(\S+?)\s*(?:==|!=|<>|>=|<=|>|<|\s+contains\s)/.exec(t)?.[1] ?? t;
  return PATH.test(left) && !LITERALS.has(left) ? left : undefined;
}

/** Whether knowing the state of the field decides the term. */
function decidedByPresence(term: string): boolean {
  const path = testedPath(term);
  if (path === undefined) return evaluateTerm(term, {}) !== undefined;
  return FIELD_PRESENCES.every((presence) => evaluateTerm(term, { [path]: presence }) !== undefined);
}

export interface BranchPlan {
  /** Fields tested by several undecided blocks: enumerate their states jointly. */
  correlated: string[];
  /** Whether covering each block's branches independently (after that enumeration) is exact. */
  exact: boolean;
}

/** How to cover the undecided blocks of `parts`, given the paths the message prints. */
export function planBranches(
  parts: TemplatePart[],
  known: KnownFields,
  printed: ReadonlySet<string>,
): BranchPlan {
  const blocksTesting = new Map<string, number>();
  let exact = true;
  const visit = (list: TemplatePart[]): void => {
    for (const part of list) {
      if (part.kind !== 'block') continue;
      const tested = new Set<string>();
      for (const branch of part.branches) {
        visit(branch.parts);
        if (branch.condition === null || evaluateCondition(branch.condition, known) !== undefined) continue;
        for (const term of termsOf(branch.condition)) {
          if (!decidedByPresence(term)) exact = false;
          const path = testedPath(term);
          if (path !== undefined && presenceOf(path, known) === undefined) tested.add(path);
        }
      }
      for (const path of tested) {
        blocksTesting.set(path, (blocksTesting.get(path) ?? 0) + 1);
        for (const p of printed)
          if (p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`)) exact = false;
      }
    }
  };
  visit(parts);
  const correlated = [...blocksTesting].filter(([, blocks]) => blocks > 1).map(([path]) => path);
  if (correlated.length > MAX_CORRELATED_CONDITIONS) return { correlated: [], exact: false };
  return { correlated, exact };
}
