// Live analysis of the template being edited: POST /api/automations/:flow/analyze, debounced, with the
// previous request aborted and results cached per locale and text (switching tabs or undoing is instant).
import { useEffect, useRef, useState } from 'react';
import type {
  AutomationLocale,
  AutomationTemplateAnalysisResult,
  AutomationTemplates,
} from '../../../server/contracts/index.js';
import { analyzeAutomationTemplate } from './automation-api.js';

export const ANALYZE_DEBOUNCE_MS = 300;

export type AnalysisState =
  | { status: 'ready'; template: string; result: AutomationTemplateAnalysisResult }
  | { status: 'failed'; template: string; message: string };

export interface TemplateAnalysis {
  /** The latest answer for this locale (possibly for an older text while `pending`). */
  state: AnalysisState | undefined;
  /** True while the shown analysis is not for the current text yet. */
  pending: boolean;
}

const cacheKey = (locale: AutomationLocale, template: string): string => `${locale}\u0000${template}`;

export function useTemplateAnalysis(
  flow: string,
  locale: AutomationLocale,
  template: string,
  initial: {
    templates: AutomationTemplates;
    analysis: Record<AutomationLocale, AutomationTemplateAnalysisResult>;
  },
): TemplateAnalysis {
  const cache = useRef<Map<string, AutomationTemplateAnalysisResult> | null>(null);
  if (cache.current === null) {
    cache.current = new Map([
      [cacheKey('en', initial.templates.en), initial.analysis.en],
      [cacheKey('fr', initial.templates.fr), initial.analysis.fr],
    ]);
  }
  const [latest, setLatest] = useState<Partial<Record<AutomationLocale, AnalysisState>>>(() => ({
    en: { status: 'ready', template: initial.templates.en, result: initial.analysis.en },
    fr: { status: 'ready', template: initial.templates.fr, result: initial.analysis.fr },
  }));

  useEffect(() => {
    const results = cache.current;
    if (results === null) return;
    const cached = results.get(cacheKey(locale, template));
    if (cached !== undefined) {
      setLatest((current) => ({ ...current, [locale]: { status: 'ready', template, result: cached } }));
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      analyzeAutomationTemplate(flow, { template, locale }, controller.signal).then(
        (result) => {
          results.set(cacheKey(locale, template), result);
          setLatest((current) => ({ ...current, [locale]: { status: 'ready', template, result } }));
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const message = error instanceof Error ? error.message : String(error);
          setLatest((current) => ({ ...current, [locale]: { status: 'failed', template, message } }));
        },
      );
    }, ANALYZE_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [flow, locale, template]);

  const state = latest[locale];
  return { state, pending: state?.template !== template };
}
