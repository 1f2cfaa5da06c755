// A flow's discount code is optional: with the option off the message carries no `discount` values. A
// template must then only use {{ discount.code }} / {{ discount.value }} inside an
// `{% if discount.code %}…{% endif %}` block (as every default does), else recipients would read
// "Use code  for  off.". This finds such unguarded uses; the flow API refuses them while the option is off.
import type { TemplateValidationIssue } from '../contracts/templates.js';

/** `discount.code`, `discount.value` (a merge-field path of the discount group). */
const DISCOUNT_PATH = /\bdiscount\.[a-z_]+\b/g;
/** A comparison that is true when the value is missing: `discount.code == blank`. */
const MISSING_TEST = /\bdiscount\.[a-z_]+\s*==\s*(?:blank|empty|nil|null|""|'')/;

/** True when a branch taken under this `if`/`elsif` condition has a discount value. */
const conditionNeedsDiscount = (condition: string): boolean =>
  condition
    .split(/\s+or\s+/)
    .every((alternative) =>
      alternative
        .split(/\s+and\s+/)
        .some(
          (term) => /^\s*discount\.[a-z_]+\s*(?:$|!=|==\s*["'\d])/.test(term) && !MISSING_TEST.test(term),
        ),
    );

interface Block {
  tag: 'if' | 'unless' | 'case' | 'comment' | 'raw';
  /** Whether the branch being read guarantees a discount value. */
  guarded: boolean;
}

/** The discount fields a template outputs outside a branch that only renders when a discount exists, in order. */
export function unguardedDiscountFields(template: string): string[] {
  const found: string[] = [];
  const stack: Block[] = [];
  const token = /\{%-?\s*([\s\S]*?)\s*-?%\}|\{\{-?([\s\S]*?)-?\}\}/g;
  for (let match = token.exec(template); match !== null; match = token.exec(template)) {
    const top = stack.at(-1);
    if (match[1] === undefined) {
      if (top?.tag === 'comment' || top?.tag === 'raw') continue;
      const guarded = stack.some((block) => block.guarded);
      if (!guarded)
        for (const path of (match[2] ?? '').match(DISCOUNT_PATH) ?? [])
          if (!found.includes(path)) found.push(path);
      continue;
    }
    const [name = '', ...rest] = match[1].split(/\s+/);
    const argument = rest.join(' ');
    if (top?.tag === 'raw' && name !== 'endraw') continue;
    if (top?.tag === 'comment' && name !== 'endcomment') continue;
    if (name === 'if') stack.push({ tag: 'if', guarded: conditionNeedsDiscount(argument) });
    else if (name === 'unless' || name === 'case' || name === 'comment' || name === 'raw')
      stack.push({ tag: name, guarded: false });
    else if (name === 'elsif' && top?.tag === 'if') top.guarded = conditionNeedsDiscount(argument);
    else if ((name === 'else' || name === 'when') && top !== undefined) top.guarded = false;
    else if (name.startsWith('end') && top !== undefined) stack.pop();
  }
  return found;
}

/** Issues for a template of a flow whose discount option is off (none when it is on or the flow has none). */
export function discountGuardIssues(
  template: string,
  discountEnabled: boolean | null,
): TemplateValidationIssue[] {
  if (discountEnabled !== false) return [];
  return unguardedDiscountFields(template).map((field) => ({
    message:
      `The discount code is switched off, so {{ ${field} }} would be empty. Put it inside ` +
      `{% if discount.code %}…{% endif %}, or switch on "Include a unique discount code".`,
    field,
  }));
}
