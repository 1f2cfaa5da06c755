// Keyword replies are owed whatever the sender's consent: with the dispatcher running, the STOP
// confirmation and the HELP reply reach the provider, even for a number that never subscribed.
import { startHarness, type Harness } from './support.js';
import { waitFor } from '../../support/wait-for.js';

const NEVER_SUBSCRIBED = '+33612345670';

describe('keyword replies with the dispatcher running', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ role: 'all' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const reply = (purpose: string) =>
    waitFor(`${purpose} reply handed to the provider`, async () => {
      const rows = await h.rows<{ status: string; suppressed_reason: string | null }>(
        `SELECT status, suppressed_reason FROM messages WHERE phone = $1 AND direction = 'outbound' AND source_id = $2`,
        [NEVER_SUBSCRIBED, purpose],
      );
      const row = rows[0];
      if (!row || row.status === 'queued' || row.status === 'sending') return null;
      return rows;
    });

  it('sends the STOP confirmation to a number that never subscribed', async () => {
    const res = await h.inbound(NEVER_SUBSCRIBED, 'STOP');
    expect(res.status).toBe(200);
    const rows = await reply('opt_out');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.suppressed_reason).toBeNull();
    expect(['sent', 'delivered']).toContain(rows[0]!.status);
  });

  it('sends the HELP reply to an opted-out number', async () => {
    const res = await h.inbound(NEVER_SUBSCRIBED, 'HELP');
    expect(res.status).toBe(200);
    const rows = await reply('help');
    expect(['sent', 'delivered']).toContain(rows[0]!.status);
  });
});
