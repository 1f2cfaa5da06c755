// SIMULATOR_HANDOFF_LOG: the simulator's record of accepted messages outlives the process that sent them, so
// a worker reconciling a dead worker's claim learns that the message went out (instead of "not found", which
// requeues it and sends it twice).
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulatorProvider } from '../../../../server/messaging/providers/simulator/index.js';
import { parseHandoffs } from '../../../../server/messaging/providers/simulator/handoff-log.js';
import type { OutboundSms } from '../../../../server/messaging/providers/types.js';
import '../../../support/silence-logs.js';

const SIGNING_KEY = 'sim-signing-key';
const sms = (messageId: string, to = '+14155550100'): OutboundSms => ({
  messageId,
  to,
  from: 'Shop',
  body: 'Hello',
  encoding: 'GSM-7',
});

describe('simulator hand-off log', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'handoff-'));
    path = join(dir, 'handoffs.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets another simulator (another process) find a message the first one accepted', async () => {
    const dead = createSimulatorProvider({ signingKey: SIGNING_KEY, handoffLog: path });
    const [outcome] = await dead.send([sms('m-1')]);
    expect(outcome!.status).toBe('accepted');
    const providerMessageId = outcome!.status === 'accepted' ? outcome!.providerMessageId : '';

    const reconciler = createSimulatorProvider({ signingKey: SIGNING_KEY, handoffLog: path });
    await expect(reconciler.lookup!({ messageId: 'm-1', to: '+14155550100' })).resolves.toMatchObject({
      providerMessageId,
      reference: 'm-1',
      status: 'sent',
      recipient: '+14155550100',
    });
    await expect(reconciler.lookup!({ messageId: 'm-2' })).resolves.toBe('not_found');
    // Without the log the reconciler knows nothing of m-1: the resend this test guards against.
    const forgetful = createSimulatorProvider({ signingKey: SIGNING_KEY });
    await expect(forgetful.lookup!({ messageId: 'm-1' })).resolves.toBe('not_found');
  });

  it('writes one line per accepted message, nothing for rejected ones, and sees later appends', async () => {
    const a = createSimulatorProvider({ signingKey: SIGNING_KEY, handoffLog: path });
    const b = createSimulatorProvider({ signingKey: SIGNING_KEY, handoffLog: path });
    await a.send([sms('m-1'), sms('m-bad', 'not-a-number')]);
    await expect(b.lookup!({ messageId: 'm-3' })).resolves.toBe('not_found');
    await a.send([sms('m-3')]);
    await expect(b.lookup!({ messageId: 'm-3' })).resolves.toMatchObject({ reference: 'm-3' });
    expect(parseHandoffs(readFileSync(path, 'utf8')).map((e) => e.messageId)).toEqual(['m-1', 'm-3']);
    await expect(b.lookup!({ messageId: 'm-bad' })).resolves.toBe('not_found');
  });

  it("a line torn by a writer killed mid-write does not swallow the next writer's hand-off", async () => {
    const a = createSimulatorProvider({ signingKey: SIGNING_KEY, handoffLog: path });
    await a.send([sms('m-1')]);
    // What a SIGKILLed worker leaves when its write stops between pages: a line cut in its provider id.
    appendFileSync(path, 'm-dead sim-0123abc');
    const [outcome] = await a.send([sms('m-2')]);
    const providerMessageId = outcome!.status === 'accepted' ? outcome!.providerMessageId : '';
    const reconciler = createSimulatorProvider({ signingKey: SIGNING_KEY, handoffLog: path });
    await expect(reconciler.lookup!({ messageId: 'm-2' })).resolves.toMatchObject({ providerMessageId });
    await expect(reconciler.lookup!({ messageId: 'm-dead' })).resolves.toBe('not_found');
    expect(parseHandoffs(readFileSync(path, 'utf8')).map((e) => e.messageId)).toEqual(['m-1', 'm-2']);
  });
});
