// Parses the Liquid subset that SMS templates use ({{ path | filter: "arg" }} outputs and {% %} tags)
// without rendering, and applies Liquid's argument-free string filters to candidate values exactly as
// liquidjs does. Used by the template analysis to reason about every value a field may take.
// `if` / `unless` / `case` become blocks whose branches are alternatives (with their conditions, for
// template-conditions.ts); `comment` and `#` render nothing; `raw` renders its content as text. Any
// other tag (or a block left open or closed twice) is listed in `tags`: the analysis cannot model it.

export interface TemplateFilter {
  name: string;
  args: string[];
}
export interface TemplateBranch {
  /** The Liquid condition that selects this branch (`case` subject and `when` values as `x == v or …`); null for `else`. */
  condition: string | null;
  parts: TemplatePart[];
}
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'field'; path: string; filters: TemplateFilter[] }
  /** `if`/`unless`/`case`: at most one branch renders, the first whose condition holds (`unless`: does not hold). */
  | { kind: 'block'; tag: 'if' | 'unless' | 'case'; branches: TemplateBranch[] };
/** A text or a merge field: what a template renders once its blocks are resolved. */
export type TemplateLeaf = Exclude<TemplatePart, { kind: 'block' }>;

// Liquid's string filters without arguments, applied to candidate values exactly as liquidjs does.
const TRANSFORMS: Readonly<Record<string, (v: string) => string>> = {
  upcase: (v) => v.toUpperCase(),
  downcase: (v) => v.toLowerCase(),
  capitalize: (v) => v.charAt(0).toUpperCase() + v.slice(1).toLowerCase(),
  strip: (v) => v.trim(),
  lstrip: (v) => v.trimStart(),
  rstrip: (v) => v.trimEnd(),
  strip_newlines: (v) => v.replace(/\r?\n/g, ''),
};
const QUOTED = /^(?:"([^"]*)"|'([^']*)')$/;

/** Splits on `sep` outside single or double quotes; `unclosed` tells a quote was left open. */
export function splitOutsideQuotes(s: string, sep: string): { parts: string[]; unclosed: boolean } {
  const parts: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === sep) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return { parts, unclosed: quote !== '' };
}

const unquote = (s: string): string => {
  const m = QUOTED.exec(s.trim());
  return m ? (m[1] ?? m[2] ?? '') : s.trim();
};

interface OpenBlock {
  block: Extract<TemplatePart, { kind: 'block' }>;
  /** Where the enclosing parts continue after the block. */
  outer: TemplatePart[];
  /** `case` subject, to turn `when` values into conditions. */
  subject: string;
}

const BLOCK_TAGS = new Set(['if', 'unless', 'case']);

/** `when "a", "b"` / `when "a" or "b"` on subject `x` → `x == "a" or x == "b"`. */
const whenCondition = (subject: string, values: string): string =>
  splitOutsideQuotes(values.replace(/\s+or\s+/g, ','), ',')
    .parts.map((v) => `${subject} == ${v.trim()}`)
    .join(' or ');

/**
 * Parse `{{ path | filter: "arg" }}` outputs and `{% tag %}` tags into text, fields and blocks (a tree);
 * `tags` lists the tags the parse could not model.
 */
export function parseTemplate(template: string): { parts: TemplatePart[]; tags: string[] } {
  const root: TemplatePart[] = [];
  let parts = root;
  const open: OpenBlock[] = [];
  const tags: string[] = [];
  const re = /\{\{(-?)([\s\S]*?)(-?)\}\}|\{%(-?)([\s\S]*?)(-?)%\}/g;
  let last = 0;
  let trimNext = false;
  const pushText = (text: string, trimEnd: boolean): void => {
    let t = trimNext ? text.trimStart() : text;
    if (trimEnd) t = t.trimEnd();
    if (t) parts.push({ kind: 'text', text: t });
  };
  const startBranch = (condition: string | null): void => {
    const top = open.at(-1)!;
    const branch: TemplateBranch = { condition, parts: [] };
    top.block.branches.push(branch);
    parts = branch.parts;
  };
  for (let m = re.exec(template); m; m = re.exec(template)) {
    const isOutput = m[2] !== undefined;
    pushText(template.slice(last, m.index), (isOutput ? m[1] : m[4]) === '-');
    trimNext = (isOutput ? m[3] : m[6]) === '-';
    last = m.index + m[0].length;
    if (!isOutput) {
      const body = (m[5] ?? '').trim();
      const name = /^#|^\S+/.exec(body)?.[0] ?? '';
      const argument = body.slice(name.length).trim();
      const top = open.at(-1);
      if (name === '#') continue;
      if (name === 'comment' || name === 'raw') {
        const end = new RegExp(`\\{%-?\\s*end${name}\\s*(-?)%\\}`, 'g');
        end.lastIndex = last;
        const close = end.exec(template);
        if (!close) {
          tags.push(name);
          continue;
        }
        if (name === 'raw') pushText(template.slice(last, close.index), false);
        trimNext = close[1] === '-';
        last = close.index + close[0].length;
        re.lastIndex = last;
      } else if (BLOCK_TAGS.has(name)) {
        const block = { kind: 'block' as const, tag: name as 'if' | 'unless' | 'case', branches: [] };
        parts.push(block);
        open.push({ block, outer: parts, subject: argument });
        // Text between `case` and its first `when` never renders: collect it in a branch that is dropped.
        startBranch(name === 'case' ? 'false' : argument);
      } else if (name === 'elsif' && top && top.block.tag !== 'case') startBranch(argument);
      else if (name === 'when' && top?.block.tag === 'case')
        startBranch(whenCondition(top.subject, argument));
      else if (name === 'else' && top) startBranch(null);
      else if (top && name === `end${top.block.tag}`) {
        if (top.block.tag === 'case') top.block.branches.shift();
        open.pop();
        parts = top.outer;
      } else tags.push(name);
      continue;
    }
    const [expr = '', ...rawFilters] = splitOutsideQuotes(m[2] ?? '', '|').parts;
    const filters = rawFilters.map((f) => {
      const colon = f.indexOf(':');
      const name = (colon < 0 ? f : f.slice(0, colon)).trim();
      const args = colon < 0 ? [] : splitOutsideQuotes(f.slice(colon + 1), ',').parts.map(unquote);
      return { name, args };
    });
    const e = expr.trim();
    if (QUOTED.test(e) || /^-?\d+(\.\d+)?$/.test(e))
      parts.push({ kind: 'text', text: applyFilters(unquote(e), filters) });
    else parts.push({ kind: 'field', path: e, filters });
  }
  pushText(template.slice(last), false);
  // A block left open renders as if closed at the end (Liquid refuses it; the validator reports it).
  for (const unclosed of open.reverse()) tags.push(unclosed.block.tag);
  return { parts: root, tags };
}

export const transformOf = (f: TemplateFilter): ((v: string) => string) | undefined =>
  f.args.length === 0 && Object.hasOwn(TRANSFORMS, f.name) ? TRANSFORMS[f.name] : undefined;

export const isSupported = (f: TemplateFilter): boolean =>
  f.name === 'default' || transformOf(f) !== undefined;

/** Render one value through an occurrence's filters; unsupported filters are skipped (and reported). */
export function applyFilters(value: string, filters: TemplateFilter[]): string {
  let v = value;
  for (const f of filters) {
    if (f.name === 'default') v = v.length ? v : (f.args[0] ?? '');
    else v = transformOf(f)?.(v) ?? v;
  }
  return v;
}
