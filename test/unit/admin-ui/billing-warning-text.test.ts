// The billing warning's words (admin UI, pure code) against the server's warning levels: whatever the share
// used, the banner shows one percentage, the one used (never a level such as 75% above a text saying 80%),
// and the cap-reached wording exactly at the last level.
import {
  capWarningText,
  capWarningTitle,
  type WarningFacts,
} from '../../../admin-ui/src/billing/billing-warning-text.js';
import { warningOf } from '../../../server/billing/billing-summary.js';
import { BILLING_CAP_REACHED, billingWarningLevels } from '../../../server/contracts/billing.js';

const percentsIn = (text: string): number[] => [...text.matchAll(/(\d+)\s*%/g)].map((m) => Number(m[1]));

function facts(usedPercent: number, noPlan: boolean): WarningFacts {
  return {
    usedPercent,
    warning: warningOf(usedPercent),
    spent: (usedPercent / 5).toFixed(2),
    cap: '20.00',
    currency: 'USD',
    noPlanAllowance: noPlan ? { segments: 100, used: usedPercent } : null,
  };
}

describe('billing warning words', () => {
  it('warns from the first level on, and says the cap is reached at the last one', () => {
    expect(billingWarningLevels[billingWarningLevels.length - 1]).toBe(BILLING_CAP_REACHED);
    for (const level of billingWarningLevels) {
      expect(warningOf(level)).toBe(level);
      expect(warningOf(level - 1)).not.toBe(level);
    }
    expect(warningOf(billingWarningLevels[0] - 1)).toBeNull();
  });

  it.each([false, true])(
    'shows only the percentage used, in title and text alike (no plan: %s)',
    (noPlan) => {
      let warned = 0;
      for (let usedPercent = 0; usedPercent <= 100; usedPercent++) {
        const s = facts(usedPercent, noPlan);
        const title = capWarningTitle(s);
        const text = capWarningText(s);
        if (s.warning === null) {
          expect({ usedPercent, title, text }).toEqual({ usedPercent, title: null, text: null });
          continue;
        }
        warned++;
        const shown = percentsIn(`${title} ${text}`);
        expect({ usedPercent, shown }).toEqual({
          usedPercent,
          shown: s.warning === BILLING_CAP_REACHED ? [] : [usedPercent],
        });
        expect(title).toMatch(s.warning === BILLING_CAP_REACHED ? / reached$/ : / used$/);
      }
      expect(warned).toBe(100 - billingWarningLevels[0] + 1);
    },
  );

  it('titles 80% used as 80%, not as the 75% level it reached', () => {
    const s = facts(80, false);
    expect(s.warning).toBe(75);
    expect(capWarningTitle(s)).toBe('80% of your spending cap used');
    expect(capWarningText(s)).toBe(
      'You have used 16.00 of your 20.00 USD spending cap this period. Raise the cap before marketing texts are held back.',
    );
  });
});
