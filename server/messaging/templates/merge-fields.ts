// The merge-field catalogue (defined in contracts/templates.ts so the admin UI shares it) plus server-side
// look-ups: which fields exist, which are URLs, example values for previews, and typical length bounds for
// the template analysis when the audience's real values are not known.
import {
  MERGE_FIELD_CATALOGUE,
  MERGE_FIELD_ROOTS,
  type MergeFieldDefinition,
  type MergeFieldRoot,
  type MergeVariables,
} from '../../contracts/templates.js';
import type { FieldBounds } from '../template-analysis.js';

export { MERGE_FIELD_CATALOGUE, MERGE_FIELD_ROOTS };
export type { MergeFieldDefinition, MergeFieldRoot, MergeVariables };

const byPath = new Map<string, MergeFieldDefinition>();
for (const group of MERGE_FIELD_CATALOGUE) {
  for (const field of group.fields) byPath.set(`${group.root}.${field.name}`, field);
}

export const isMergeFieldRoot = (root: string): root is MergeFieldRoot =>
  (MERGE_FIELD_ROOTS as readonly string[]).includes(root);

/** The definition of `root.name`, or undefined when the catalogue has no such field. */
export function mergeField(path: string): MergeFieldDefinition | undefined {
  return byPath.get(path);
}

/** Every field path, e.g. `order.status_url`, in catalogue order. */
export const MERGE_FIELD_PATHS: readonly string[] = [...byPath.keys()];

/** Paths of the URL fields: rewritten to tracked short links when link tracking is on. */
export const URL_FIELD_PATHS: readonly string[] = MERGE_FIELD_PATHS.filter(
  (p) => byPath.get(p)?.type === 'url',
);

export function fieldsOfRoot(root: MergeFieldRoot): readonly string[] {
  return MERGE_FIELD_CATALOGUE.find((g) => g.root === root)?.fields.map((f) => f.name) ?? [];
}

/** Variables filled with the catalogue's example values: for previews and tests. */
export function exampleVariables(): MergeVariables {
  const out: Record<string, Record<string, string>> = {};
  for (const group of MERGE_FIELD_CATALOGUE) {
    out[group.root] = Object.fromEntries(group.fields.map((f) => [f.name, f.example]));
  }
  return out;
}

// Typical lengths when the audience's real values are unknown. Names and free text can be in any script
// (charset unicode). Numbers, phone numbers, discount codes and URLs are counted at one septet per
// character (charset 'digits' in the analysis: no extension-table characters; a rare "~" in a URL costs
// one septet more). Amounts may carry "€" and emails any GSM character (charset gsm).
const TYPE_BOUNDS: Record<MergeFieldDefinition['type'], FieldBounds> = {
  text: { minLength: 0, maxLength: 20, charset: 'unicode' },
  number: { minLength: 1, maxLength: 4, charset: 'digits' },
  money: { minLength: 4, maxLength: 10, charset: 'gsm' },
  code: { minLength: 3, maxLength: 20, charset: 'digits' },
  phone: { minLength: 8, maxLength: 16, charset: 'digits' },
  email: { minLength: 6, maxLength: 40, charset: 'gsm' },
  url: { minLength: 20, maxLength: 120, charset: 'digits' },
};

/** Length bounds for every catalogue field, by type (see TYPE_BOUNDS). */
export function defaultFieldBounds(): Record<string, FieldBounds> {
  const out: Record<string, FieldBounds> = {};
  for (const [path, field] of byPath) out[path] = TYPE_BOUNDS[field.type];
  out['shop.name'] = { minLength: 1, maxLength: 40, charset: 'unicode' };
  out['order.currency'] = { minLength: 3, maxLength: 3, charset: 'digits' };
  out['checkout.currency'] = { minLength: 3, maxLength: 3, charset: 'digits' };
  return out;
}
