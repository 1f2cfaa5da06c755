// Loads a campaign and keeps it fresh: every second while it is scheduled or sending or has messages on
// their way, then a little longer while sent messages await their delivery reports; an older answer never
// replaces a newer one.
import { useEffect, useRef, useState } from 'react';
import type { CampaignDetail } from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { fetchCampaign } from './campaign-api.js';

export const POLL_MS = 1000;
/** Polls after the send settled, for delivery reports of messages still "sent". */
const AFTER_SETTLED_POLLS = 60;

export type CampaignLoad =
  | { status: 'loading' }
  | { status: 'failed'; message: string; notFound: boolean }
  | { status: 'ready'; campaign: CampaignDetail };

function needsPolling(c: CampaignDetail): 'active' | 'delivery' | false {
  const inFlight = c.progress.queued + c.progress.sending;
  if (c.status === 'scheduled' || c.status === 'sending') return 'active';
  if (c.status === 'completed' && inFlight > 0) return 'active';
  if ((c.status === 'completed' || c.status === 'cancelled') && c.progress.sent > 0) return 'delivery';
  return false;
}

export function useCampaignPoll(id: string, reload: number): [CampaignLoad, (c: CampaignDetail) => void] {
  const [state, setState] = useState<CampaignLoad>({ status: 'loading' });
  const settledPolls = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    let seq = 0;
    const load = () => {
      const mine = ++seq;
      fetchCampaign(id, controller.signal).then(
        (campaign) => {
          if (mine !== seq) return;
          setState({ status: 'ready', campaign });
          const mode = needsPolling(campaign);
          if (mode === 'active') settledPolls.current = 0;
          else if (mode === 'delivery') settledPolls.current += 1;
          if (mode === 'active' || (mode === 'delivery' && settledPolls.current <= AFTER_SETTLED_POLLS))
            timer = window.setTimeout(load, POLL_MS);
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setState({
            status: 'failed',
            message: error instanceof Error ? error.message : String(error),
            notFound: error instanceof ApiError && error.status === 404,
          });
        },
      );
    };
    load();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [id, reload]);

  return [state, (campaign) => setState({ status: 'ready', campaign })];
}
