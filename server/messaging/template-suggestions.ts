// What a merchant can do about a template that forces UCS-2: GSM-7 replacements for typed characters
// (suggested, never applied silently), and which text or merge-field values bring in Unicode.
import { analyzeSms, isGsm7Text } from './encoding.js';
import { suggestGsmReplacements } from './gsm-replacements.js';
import type { FieldBounds, TemplateSuggestion } from './template-analysis.js';
import { applyFilters, type TemplateFilter, type TemplateLeaf } from './template-parse.js';

export function suggest(
  items: TemplateLeaf[],
  bounds: Record<string, FieldBounds>,
  occurrences: Map<string, TemplateFilter[][]>,
): TemplateSuggestion[] {
  // Everything the merchant typed: literal text and the `default:` fallbacks.
  const typed = (it: TemplateLeaf): string =>
    it.kind === 'text'
      ? it.text
      : it.filters
          .filter((f) => f.name === 'default')
          .map((f) => f.args[0] ?? '')
          .join('');
  const literal = items.map(typed).join('');
  const out: TemplateSuggestion[] = [];
  const replacements = suggestGsmReplacements(literal);
  if (replacements.length) out.push({ kind: 'replace-characters', replacements });
  const replaceable = new Set(replacements.map((r) => r.char));
  const unicode = analyzeSms(literal).nonGsmCharacters.filter((ch) => !replaceable.has(ch));
  if (unicode.length) out.push({ kind: 'unicode-in-text', characters: unicode });
  for (const [path, filterLists] of occurrences) {
    const b = Object.hasOwn(bounds, path) ? bounds[path] : undefined;
    if (!b) continue;
    const render = (v: string): string[] => filterLists.map((fl) => applyFilters(v, fl));
    if ('values' in b) {
      const examples = b.values.filter((v) => render(v).some((r) => !isGsm7Text(r)));
      if (examples.length)
        out.push({ kind: 'unicode-in-field', field: path, examples: [...new Set(examples)].slice(0, 3) });
    } else if ((b.charset ?? 'unicode') === 'unicode' && b.maxLength > 0) {
      out.push({ kind: 'unicode-in-field', field: path, examples: [] });
    }
  }
  return out;
}
