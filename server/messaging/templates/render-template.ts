// Compile once, render many: templates are parsed with the restricted engine and cached by source; a
// render is synchronous and pure (same template and variables, same text). Values are normalised first:
// strings are trimmed, so a blank value falls back to its `| default:` like a missing one.
import { LiquidError, type Template } from 'liquidjs';
import { AppError } from '../../errors.js';
import type { MergeVariables } from '../../contracts/templates.js';
import { compileFast, type Scope } from './fast-render.js';
import { liquid } from './liquid-engine.js';

export interface CompiledTemplate {
  readonly source: string;
  readonly templates: Template[];
  /** Direct renderer when the template is text and simple outputs only (fast-render.ts); else liquidjs renders. */
  readonly fast: ((scope: Scope) => string) | null;
}

/** Distinct sources kept parsed; beyond it the least recently compiled one is dropped. */
export const TEMPLATE_CACHE_SIZE = 500;
const cache = new Map<string, CompiledTemplate>();

/**
 * Parses a template (cached by source). Templates are validated when saved (validateTemplate), so a
 * parse failure here is a bug or a template saved under older rules: it throws `invalid_template`.
 */
export function compileTemplate(source: string): CompiledTemplate {
  const hit = cache.get(source);
  if (hit) {
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  let templates: Template[];
  try {
    templates = liquid.parse(source);
  } catch (err) {
    if (err instanceof LiquidError) {
      throw new AppError({
        code: 'invalid_template',
        status: 422,
        message: `Template cannot be compiled: ${err.message}`,
        cause: err,
      });
    }
    throw err;
  }
  const compiled: CompiledTemplate = { source, templates, fast: compileFast(source) };
  cache.set(source, compiled);
  if (cache.size > TEMPLATE_CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return compiled;
}

function normalise(vars: MergeVariables): Scope {
  const scope: Scope = {};
  for (const [root, fields] of Object.entries(vars)) {
    if (!fields || typeof fields !== 'object') continue;
    const out: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(
      fields as Record<string, string | number | null | undefined>,
    )) {
      if (typeof value === 'string') out[name] = value.trim();
      else if (typeof value === 'number' && Number.isFinite(value)) out[name] = value;
    }
    scope[root] = out;
  }
  return scope;
}

/** Always renders with liquidjs: the reference the fast path is tested against. */
export function renderWithLiquid(template: CompiledTemplate, vars: MergeVariables): string {
  const out: unknown = liquid.renderSync(template.templates, normalise(vars));
  return typeof out === 'string' ? out : String(out);
}

/** Renders a compiled template (or a source, compiled through the cache) with the given merge variables. */
export function renderTemplate(template: CompiledTemplate | string, vars: MergeVariables): string {
  const compiled = typeof template === 'string' ? compileTemplate(template) : template;
  const scope = normalise(vars);
  if (compiled.fast) return compiled.fast(scope);
  const out: unknown = liquid.renderSync(compiled.templates, scope);
  return typeof out === 'string' ? out : String(out);
}
