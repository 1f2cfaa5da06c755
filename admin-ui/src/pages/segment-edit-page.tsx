// One segment (/segments/:id) or a new one (/segments/new, optionally ?template=<key>): loads what the
// form starts from (the segment or the template), the shop's currency and the names of sold products,
// then hands over to SegmentEditor.
import { Banner, Card, Layout, Page, SkeletonBodyText, SkeletonPage, Toast } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { shopSettingsSchema, type SegmentNode } from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { apiGet } from '../api/client.js';
import { navigate, usePathname } from '../routing/router.js';
import { fetchSegment, fetchSegmentTemplates, searchSegmentProducts } from '../segments/segment-api.js';
import { SegmentEditor, type SegmentDraft } from '../segments/segment-editor.js';
import { SEGMENTS_PATH, segmentIdFromPath, segmentPath } from '../segments/segment-paths.js';

interface Loaded {
  /** What the draft was loaded for (`id:<id>` or `new:<template>`); a create moving to the new segment's path keeps it. */
  forKey: string;
  draft: SegmentDraft;
  note?: string;
}

type LoadState =
  | { status: 'loading' }
  | { status: 'failed'; message: string; notFound: boolean }
  | { status: 'ready'; loaded: Loaded };

const blank: SegmentNode = {
  kind: 'and',
  conditions: [{ kind: 'total_spent', compare: { op: 'gt', value: 100 } }],
};

async function loadDraft(id: string | undefined, templateKey: string | null, signal: AbortSignal) {
  if (id !== undefined) {
    const segment = await fetchSegment(id, signal);
    return {
      draft: {
        id: segment.id,
        name: segment.name,
        description: segment.description ?? '',
        templateKey: segment.templateKey,
        definition: segment.definition,
      },
    };
  }
  if (templateKey !== null) {
    const template = (await fetchSegmentTemplates(signal)).items.find((t) => t.key === templateKey);
    if (template !== undefined) {
      return {
        draft: {
          id: null,
          name: template.name,
          description: template.description,
          templateKey: template.key,
          definition: template.definition,
        },
        note:
          template.toFill.length > 0
            ? 'This template needs your choices: pick the products in the highlighted conditions, then save.'
            : undefined,
      };
    }
  }
  return { draft: { id: null, name: '', description: '', templateKey: null, definition: blank } };
}

async function loadCurrency(signal: AbortSignal): Promise<string> {
  try {
    return (await apiGet('/api/settings', shopSettingsSchema, signal)).currency;
  } catch {
    return 'USD';
  }
}

/** Titles of the shop's best-selling products, so picked product ids show as names. */
async function loadProductTitles(signal: AbortSignal): Promise<Map<string, string>> {
  try {
    const { items } = await searchSegmentProducts('', signal);
    return new Map(items.flatMap((p) => (p.productId === null ? [] : [[p.productId, p.title] as const])));
  } catch {
    return new Map();
  }
}

export function SegmentEditPage() {
  const pathname = usePathname();
  const id = segmentIdFromPath(pathname);
  const templateKey = new URLSearchParams(window.location.search).get('template');
  const key = id !== undefined ? `id:${id}` : `new:${templateKey ?? ''}`;
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [extras, setExtras] = useState<{ currency: string; titles: Map<string, string> }>();
  const [toast, setToast] = useState<{ message: string; error: boolean } | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    void Promise.all([loadCurrency(controller.signal), loadProductTitles(controller.signal)]).then(
      ([currency, titles]) => {
        if (!controller.signal.aborted) setExtras({ currency, titles });
      },
    );
    return () => controller.abort();
  }, []);

  useEffect(() => {
    if (state.status === 'ready' && state.loaded.forKey === key) return;
    const controller = new AbortController();
    setState({ status: 'loading' });
    loadDraft(id, templateKey, controller.signal).then(
      (loaded) => {
        if (!controller.signal.aborted) setState({ status: 'ready', loaded: { forKey: key, ...loaded } });
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
    return () => controller.abort();
  }, [key]);

  if (state.status === 'loading' || extras === undefined) {
    return (
      <SkeletonPage title="Segment" backAction primaryAction>
        <Card>
          <SkeletonBodyText lines={10} />
        </Card>
      </SkeletonPage>
    );
  }
  if (state.status === 'failed') {
    return (
      <Page title="Segment" backAction={{ content: 'Segments', url: SEGMENTS_PATH }}>
        <Layout>
          <Layout.Section>
            <Banner
              tone="critical"
              title={state.notFound ? 'This segment does not exist' : "We couldn't load this segment"}
            >
              <p>{state.notFound ? 'It may have been deleted.' : state.message}</p>
            </Banner>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }
  return (
    <>
      <SegmentEditor
        key={state.loaded.forKey}
        initial={state.loaded.draft}
        note={state.loaded.note}
        currency={extras.currency}
        productTitles={extras.titles}
        onSaved={(segment, created) => {
          setToast({ message: 'Segment saved', error: false });
          const target = segmentPath(segment.id);
          const draft: SegmentDraft = {
            id: segment.id,
            name: segment.name,
            description: segment.description ?? '',
            templateKey: segment.templateKey,
            definition: segment.definition,
          };
          setState({ status: 'ready', loaded: { forKey: `id:${segment.id}`, draft } });
          if (created) navigate(target, { replace: true });
        }}
        onDeleted={() => navigate(SEGMENTS_PATH)}
        onError={(message) => setToast({ message, error: true })}
      />
      {toast !== undefined && (
        <Toast content={toast.message} error={toast.error} onDismiss={() => setToast(undefined)} />
      )}
    </>
  );
}
