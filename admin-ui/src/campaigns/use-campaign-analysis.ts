// Live analysis of the campaign message being edited. Campaign messages are marketing messages with the
// welcome flow's merge fields (subscriber, customer, shop, discount), the same prefix and opt-out footer
// rules, so the automations' analysis endpoint for that flow answers for them (POST
// /api/automations/welcome/analyze). Debounced, the previous request aborted, answers cached per text.
import { useEffect, useRef, useState } from 'react';
import {
  MERGE_FIELD_CATALOGUE,
  type AutomationLocale,
  type AutomationTemplateAnalysisResult,
  type CampaignDiscount,
  type MergeFieldGroup,
  type PreviewDiscount,
} from '../../../server/contracts/index.js';
import { analyzeAutomationTemplate } from '../automations/automation-api.js';
import type { AnalysisState } from '../automations/analysis-state.js';
import type { TemplateAnalysis } from '../automations/use-template-analysis.js';

export const ANALYSIS_FLOW = 'welcome';
const DEBOUNCE_MS = 300;

/** The merge fields a campaign message can use (server/campaigns/campaign-validation.ts CAMPAIGN_ROOTS). */
export const CAMPAIGN_MERGE_FIELDS: readonly MergeFieldGroup[] = MERGE_FIELD_CATALOGUE.filter((g) =>
  ['subscriber', 'customer', 'shop', 'discount'].includes(g.root),
).map((g) => ({ ...g, fields: [...g.fields] }));

/** The discount as the analysis and preview see it: on (with its percentage for unique codes) or off. */
export function previewDiscountOf(discount: CampaignDiscount | null): PreviewDiscount {
  if (discount === null) return { enabled: false };
  return discount.mode === 'unique' ? { enabled: true, percentage: discount.percentage } : { enabled: true };
}

const keyOf = (locale: AutomationLocale, d: PreviewDiscount, template: string): string =>
  `${locale}\u0000${d.enabled ? `on:${d.percentage ?? ''}` : 'off'}\u0000${template}`;

export function useCampaignAnalysis(
  locale: AutomationLocale,
  template: string,
  discount: PreviewDiscount,
): TemplateAnalysis {
  const cache = useRef(new Map<string, AutomationTemplateAnalysisResult>());
  const [latest, setLatest] = useState<AnalysisState & { key: string }>();
  const key = keyOf(locale, discount, template);
  const { enabled, percentage } = discount;

  useEffect(() => {
    const current: PreviewDiscount = { enabled, percentage };
    const k = keyOf(locale, current, template);
    const cached = cache.current.get(k);
    if (cached !== undefined) {
      setLatest({ status: 'ready', template, discount: current, result: cached, key: k });
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      analyzeAutomationTemplate(
        ANALYSIS_FLOW,
        { template, locale, discount: current },
        controller.signal,
      ).then(
        (result) => {
          cache.current.set(k, result);
          setLatest({ status: 'ready', template, discount: current, result, key: k });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const message = error instanceof Error ? error.message : String(error);
          setLatest({ status: 'failed', template, discount: current, message, key: k });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [locale, template, enabled, percentage]);

  return { state: latest, pending: latest?.key !== key };
}
