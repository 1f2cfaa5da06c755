// Makes a number the demo shop's verified test number the way a merchant does: ask for a code, read the code
// the phone received (from the message the outbox created; the API masks it), enter it.
import type pg from 'pg';

export async function codeSentTo(pool: pg.Pool, phone: string): Promise<string> {
  const { rows } = await pool.query<{ body: string }>(
    `SELECT body FROM messages WHERE phone = $1 AND source_type = 'test_phone_code' ORDER BY created_at DESC, id DESC LIMIT 1`,
    [phone],
  );
  const code = /^(\d{6}) /.exec(rows[0]?.body ?? '')?.[1];
  if (!code) throw new Error(`no test-number code was sent to ${phone}`);
  return code;
}

export async function verifyTestPhone(baseUrl: string, pool: pg.Pool, phone: string): Promise<void> {
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}/api/messages/test-phone/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const sent = await post('code', { phone });
  if (sent.status !== 202) throw new Error(`code request answered ${sent.status}: ${await sent.text()}`);
  const verified = await post('verify', { phone, code: await codeSentTo(pool, phone) });
  if (verified.status !== 200)
    throw new Error(`verification answered ${verified.status}: ${await verified.text()}`);
}
