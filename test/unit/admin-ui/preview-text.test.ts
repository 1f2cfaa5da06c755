// The flow editor's live SMS preview (admin UI, pure code): the discount sentence shows only while the
// flow's discount option is on, also when the server's last preview was made with the other setting.
import { previewText, sampleValues } from '../../../admin-ui/src/automations/preview-text.js';
import { renderPreview } from '../../../admin-ui/src/automations/preview-renderer.js';
import type { AnalysisState } from '../../../admin-ui/src/automations/analysis-state.js';
import { MERGE_FIELD_CATALOGUE, type MergeFieldGroup } from '../../../server/contracts/templates.js';

const groups: MergeFieldGroup[] = MERGE_FIELD_CATALOGUE.filter((g) =>
  ['customer', 'checkout', 'shop', 'discount'].includes(g.root),
).map((g) => ({ ...g, fields: [...g.fields] }));
const TEMPLATE =
  'Hi {{ customer.first_name | default: "there" }}, you left something in your cart. Complete your order here: ' +
  '{{ checkout.recovery_url }}{% if discount.code %} Use code {{ discount.code }} for {{ discount.value }} off.{% endif %}';
const LINK = 'http://127.0.0.1:3000/r/aB3dE5gH';
const serverPreview = (discount: string) =>
  `Hi Camille, you left something in your cart. Complete your order here: ${LINK}${discount}\nReply STOP to opt out`;

function ready(template: string, discount: AnalysisState['discount'], preview: string): AnalysisState {
  return {
    status: 'ready',
    template,
    discount,
    result: {
      valid: true,
      analysis: {
        minLength: 1,
        maxLength: 1,
        encoding: 'GSM-7',
        minSegments: 1,
        maxSegments: 1,
        exact: false,
        fields: [],
        unicodeCharacters: [],
        cost: { country: 'US', microsPerSegment: 1, minMicros: 1, maxMicros: 1, minUsd: '0', maxUsd: '0' },
        preview,
      },
    },
  };
}

describe('sampleValues', () => {
  it('has no discount values while the option is off or unknown, and the edited percentage while on', () => {
    expect(sampleValues(groups)).not.toHaveProperty('discount.code');
    expect(sampleValues(groups, { enabled: false, percentage: 10 })).not.toHaveProperty('discount.code');
    const on = sampleValues(groups, { enabled: true, percentage: 10 });
    expect(on).toMatchObject({ 'discount.code': 'WELCOME15', 'discount.value': '10%' });
  });

  it('renders the default abandoned-checkout text without any discount sentence when off', () => {
    const off = renderPreview(TEMPLATE, sampleValues(groups, { enabled: false, percentage: 10 }));
    expect(off).toBe(
      'Hi Camille, you left something in your cart. Complete your order here: https://demo.myshopify.com/checkouts/abc123/recover',
    );
    expect(renderPreview(TEMPLATE, sampleValues(groups, { enabled: true, percentage: 10 }))).toMatch(
      / Use code WELCOME15 for 10% off\.$/,
    );
  });
});

describe('previewText', () => {
  const off = { enabled: false, percentage: 10 };
  const on = { enabled: true, percentage: 10 };

  it("shows the server's text (prefix, footer, short links) without the discount sentence when off", () => {
    expect(previewText(TEMPLATE, groups, off, ready(TEMPLATE, off, serverPreview('')))).toBe(
      serverPreview(''),
    );
  });

  it('drops the sentence at once when the discount is switched off, before the server answers', () => {
    const stale = ready(TEMPLATE, on, serverPreview(' Use code WELCOME15 for 10% off.'));
    expect(previewText(TEMPLATE, groups, off, stale)).toBe(serverPreview(''));
    expect(previewText(TEMPLATE, groups, on, ready(TEMPLATE, off, serverPreview('')))).toBe(
      serverPreview(' Use code WELCOME15 for 10% off.'),
    );
  });

  it('never falls back to a server text made with the other discount setting', () => {
    // A server text that cannot be lined up (here: another prefix scheme) is shown only when made for the same
    // template and discount option.
    const odd = ready(TEMPLATE, on, 'Something else entirely. Use code WELCOME15 for 10% off.');
    expect(previewText(TEMPLATE, groups, off, odd)).not.toContain('WELCOME15');
    expect(previewText(TEMPLATE, groups, on, odd)).toBe(
      'Something else entirely. Use code WELCOME15 for 10% off.',
    );
  });
});
