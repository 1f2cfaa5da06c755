// Live analysis of the template being edited: POST /api/automations/:flow/analyze, debounced, with the
// previous request aborted and results cached per locale, discount option and text (switching tabs or
// undoing is instant). The discount option is part of the request: the server's preview has the discount
// sentence only while it is on.
import { useEffect, useRef, useState } from 'react';
import type {
  AutomationLocale,
  AutomationTemplateAnalysisResult,
  AutomationTemplates,
  PreviewDiscount,
} from '../../../server/contracts/index.js';
import type { AnalysisState } from './analysis-state.js';
import { analyzeAutomationTemplate } from './automation-api.js';

export const ANALYZE_DEBOUNCE_MS = 300;

export type { AnalysisState };

export interface TemplateAnalysis {
  /** The latest answer for this locale (possibly for an older text or discount option while `pending`). */
  state: AnalysisState | undefined;
  /** True while the shown analysis is not for the current text and discount option yet. */
  pending: boolean;
}

const discountKey = (discount: PreviewDiscount | undefined): string =>
  discount === undefined ? 'none' : discount.enabled ? `on:${discount.percentage ?? ''}` : 'off';

const cacheKey = (
  locale: AutomationLocale,
  discount: PreviewDiscount | undefined,
  template: string,
): string => `${locale}\u0000${discountKey(discount)}\u0000${template}`;

export function useTemplateAnalysis(
  flow: string,
  locale: AutomationLocale,
  template: string,
  discount: PreviewDiscount | undefined,
  initial: {
    templates: AutomationTemplates;
    /** The saved discount option the initial analysis was made with. */
    discount: PreviewDiscount | undefined;
    analysis: Record<AutomationLocale, AutomationTemplateAnalysisResult>;
  },
): TemplateAnalysis {
  const cache = useRef<Map<string, AutomationTemplateAnalysisResult> | null>(null);
  if (cache.current === null) {
    cache.current = new Map([
      [cacheKey('en', initial.discount, initial.templates.en), initial.analysis.en],
      [cacheKey('fr', initial.discount, initial.templates.fr), initial.analysis.fr],
    ]);
  }
  const [latest, setLatest] = useState<Partial<Record<AutomationLocale, AnalysisState>>>(() => ({
    en: {
      status: 'ready',
      template: initial.templates.en,
      discount: initial.discount,
      result: initial.analysis.en,
    },
    fr: {
      status: 'ready',
      template: initial.templates.fr,
      discount: initial.discount,
      result: initial.analysis.fr,
    },
  }));
  const key = discountKey(discount);
  const enabled = discount?.enabled;
  const percentage = discount?.percentage;

  useEffect(() => {
    const results = cache.current;
    if (results === null) return;
    const current = enabled === undefined ? undefined : { enabled, percentage };
    const cached = results.get(cacheKey(locale, current, template));
    if (cached !== undefined) {
      setLatest((all) => ({
        ...all,
        [locale]: { status: 'ready', template, discount: current, result: cached },
      }));
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      const body = current === undefined ? { template, locale } : { template, locale, discount: current };
      analyzeAutomationTemplate(flow, body, controller.signal).then(
        (result) => {
          results.set(cacheKey(locale, current, template), result);
          setLatest((all) => ({
            ...all,
            [locale]: { status: 'ready', template, discount: current, result },
          }));
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const message = error instanceof Error ? error.message : String(error);
          setLatest((all) => ({
            ...all,
            [locale]: { status: 'failed', template, discount: current, message },
          }));
        },
      );
    }, ANALYZE_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [flow, locale, template, enabled, percentage]);

  const state = latest[locale];
  return { state, pending: state?.template !== template || discountKey(state?.discount) !== key };
}
