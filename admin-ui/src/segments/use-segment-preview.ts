// The live count of the definition being edited: POST /api/segments/preview, debounced, the previous request
// aborted when the definition changes, and an answer for an older definition never shown as the current
// one. Nothing is asked while the definition has problems; the server's own field errors (a product the
// shop never sold) come back as errors by definition path.
import { useEffect, useState } from 'react';
import type { SegmentNode, SegmentPreview } from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { definitionFieldErrors } from './definition-edit.js';
import { previewSegment } from './segment-api.js';

export const PREVIEW_DEBOUNCE_MS = 400;

export type PreviewAnswer =
  | { status: 'ready'; key: string; preview: SegmentPreview }
  | { status: 'failed'; key: string; message: string; fieldErrors: Record<string, string> };

export interface SegmentPreviewState {
  /** The latest answer, possibly for an older definition while `pending`. */
  answer: PreviewAnswer | undefined;
  /** True while the shown answer is not for the current definition yet. */
  pending: boolean;
}

export function useSegmentPreview(definition: SegmentNode, valid: boolean): SegmentPreviewState {
  const key = JSON.stringify(definition);
  const [answer, setAnswer] = useState<PreviewAnswer | undefined>();

  useEffect(() => {
    if (!valid) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      previewSegment(JSON.parse(key) as SegmentNode, controller.signal).then(
        (preview) => {
          if (!controller.signal.aborted) setAnswer({ status: 'ready', key, preview });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setAnswer({
            status: 'failed',
            key,
            message: error instanceof Error ? error.message : String(error),
            fieldErrors: error instanceof ApiError ? definitionFieldErrors(error.fields) : {},
          });
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [key, valid]);

  return { answer, pending: valid && answer?.key !== key };
}
