// Message templates: the merge-field catalogue, save-time validation, compile-once rendering, and the
// composition of marketing messages (sender prefix, localized opt-out footer) with its length analysis.
export * from './merge-fields.js';
export { formatMoney } from './liquid-engine.js';
export { validateTemplate, type ValidateTemplateOptions } from './validate-template.js';
export {
  compileTemplate,
  renderTemplate,
  renderWithLiquid,
  TEMPLATE_CACHE_SIZE,
  type CompiledTemplate,
} from './render-template.js';
export * from './opt-out-footer.js';
export * from './compose-message.js';
export { analyzeComposedTemplate, type ComposedTemplateInput } from './analyze-composed.js';
