// The server's analysis of one template text, as the flow editor keeps it (use-template-analysis.ts).
import type { AutomationTemplateAnalysisResult, PreviewDiscount } from '../../../server/contracts/index.js';

/** The answer for one text, with the discount option it was computed with. */
export type AnalysisState =
  | {
      status: 'ready';
      template: string;
      discount?: PreviewDiscount;
      result: AutomationTemplateAnalysisResult;
    }
  | { status: 'failed'; template: string; discount?: PreviewDiscount; message: string };
