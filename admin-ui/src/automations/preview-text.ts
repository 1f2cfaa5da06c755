// What the phone mock-up shows: the template rendered in the browser with each merge field's example value
// as the merchant types, completed with what the server's last rendered preview shows (the shop-name prefix
// and opt-out footer of marketing messages, links as tracked short links). Like the messages really sent, it
// has discount values only while the flow's discount option is on, so a `{% if discount.code %}` sentence
// disappears when the merchant switches the discount off.
import type { MergeFieldGroup, PreviewDiscount } from '../../../server/contracts/index.js';
import { alignWithServer, joinParts, renderParts, type SampleValues } from './preview-renderer.js';
import type { AnalysisState } from './analysis-state.js';

/**
 * Example values by merge-field path. `discount` is the option as edited: absent or off, the discount group
 * has no values; on, `discount.value` shows its percentage.
 */
export function sampleValues(groups: readonly MergeFieldGroup[], discount?: PreviewDiscount): SampleValues {
  const samples: Record<string, string> = {};
  for (const group of groups) {
    if (group.root === 'discount' && discount?.enabled !== true) continue;
    for (const field of group.fields) samples[`${group.root}.${field.name}`] = field.example;
  }
  if (discount?.enabled === true && discount.percentage !== undefined && 'discount.value' in samples)
    samples['discount.value'] = `${discount.percentage}%`;
  return samples;
}

const sameDiscount = (a: PreviewDiscount | undefined, b: PreviewDiscount | undefined): boolean =>
  a?.enabled === b?.enabled && (a?.enabled !== true || a.percentage === b?.percentage);

/**
 * The text the phone shows for `template` with the discount option as edited: rendered here as the merchant
 * types, with what the server's last preview (possibly of an older text or discount option) tells about the
 * real message: prefix, footer, tracked short links.
 */
export function previewText(
  template: string,
  groups: readonly MergeFieldGroup[],
  discount: PreviewDiscount | undefined,
  state: AnalysisState | undefined,
): string {
  const parts = renderParts(template, sampleValues(groups, discount));
  if (state?.status !== 'ready' || !state.result.valid) return joinParts(parts);
  const serverText = state.result.analysis.preview;
  // The server's text is lined up with the text it was made from: its template and its discount option.
  const aligned = alignWithServer(
    renderParts(state.template, sampleValues(groups, state.discount)),
    serverText,
  );
  if (aligned === undefined)
    return state.template === template && sameDiscount(state.discount, discount)
      ? serverText
      : joinParts(parts);
  const body = parts
    .map((part) => (part.kind === 'text' ? part.text : (aligned.values.get(part.source) ?? part.value)))
    .join('');
  return aligned.prefix + body + aligned.footer;
}
