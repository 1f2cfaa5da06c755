// The campaign's reachable count, live while the audience is edited: the audience is saved to the draft
// (PUT, debounced) and the estimate endpoint counts it; an answer for an older audience never replaces a
// newer one.
import { useEffect, useRef, useState } from 'react';
import type { CampaignAudience } from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import type { ReachState } from './audience-step.js';
import { fetchCampaignEstimate, updateCampaign } from './campaign-api.js';

const DEBOUNCE_MS = 400;

export function useLiveReach(id: string, audience: CampaignAudience, active: boolean): ReachState {
  const [reach, setReach] = useState<ReachState>({ status: 'loading' });
  const latest = useRef(0);
  const key = JSON.stringify(audience);

  useEffect(() => {
    if (!active) return;
    const parsed = JSON.parse(key) as CampaignAudience;
    if (parsed.include !== 'all' && parsed.include.length === 0) {
      setReach({ status: 'failed', message: 'Choose at least one segment.' });
      return;
    }
    const request = ++latest.current;
    setReach({ status: 'loading' });
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      updateCampaign(id, { audience: parsed })
        .then(() => fetchCampaignEstimate(id, controller.signal))
        .then(
          (estimate) => {
            if (request === latest.current) setReach({ status: 'ready', reachable: estimate.reachable });
          },
          (error: unknown) => {
            if (controller.signal.aborted || request !== latest.current) return;
            const message =
              error instanceof ApiError && Object.keys(error.fields).length > 0
                ? Object.values(error.fields).join(' ')
                : error instanceof Error
                  ? error.message
                  : String(error);
            setReach({ status: 'failed', message });
          },
        );
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [id, key, active]);

  return reach;
}
