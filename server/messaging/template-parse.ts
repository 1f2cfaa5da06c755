// Parses the Liquid subset that SMS templates use ({{ path | filter: "arg" }} outputs and {% %} tags)
// without rendering, and applies Liquid's argument-free string filters to candidate values exactly as
// liquidjs does. Used by the template analysis to reason about every value a field may take.

export interface TemplateFilter {
  name: string;
  args: string[];
}
export type TemplatePart =
  { kind: 'text'; text: string } | { kind: 'field'; path: string; filters: TemplateFilter[] };

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

/** Parse `{{ path | filter: "arg" }}` outputs and `{% tag %}` tags; text in between is literal. */
export function parseTemplate(template: string): { parts: TemplatePart[]; tags: string[] } {
  const parts: TemplatePart[] = [];
  const tags: string[] = [];
  const re = /\{\{(-?)([\s\S]*?)(-?)\}\}|\{%(-?)([\s\S]*?)(-?)%\}/g;
  let last = 0;
  let trimNext = false;
  const pushText = (text: string, trimEnd: boolean): void => {
    let t = trimNext ? text.trimStart() : text;
    if (trimEnd) t = t.trimEnd();
    if (t) parts.push({ kind: 'text', text: t });
  };
  for (let m = re.exec(template); m; m = re.exec(template)) {
    const isOutput = m[2] !== undefined;
    pushText(template.slice(last, m.index), (isOutput ? m[1] : m[4]) === '-');
    trimNext = (isOutput ? m[3] : m[6]) === '-';
    last = m.index + m[0].length;
    if (!isOutput) {
      tags.push((m[5] ?? '').trim().split(/\s+/)[0] ?? '');
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
  return { parts, tags };
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
