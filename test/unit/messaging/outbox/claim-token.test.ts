import { newClaimToken } from '../../../../server/messaging/outbox/claim.js';

describe('newClaimToken', () => {
  it('names the worker and is unique per batch', () => {
    const a = newClaimToken('dispatcher-host-42');
    const b = newClaimToken('dispatcher-host-42');
    expect(a).toMatch(
      /^dispatcher-host-42:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(b).not.toBe(a);
  });
});
