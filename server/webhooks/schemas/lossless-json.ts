// Decodes a webhook body without losing digits of 64-bit ids. JSON.parse turns an integer literal
// above 2^53 - 1 into the nearest double (820982911946154508 becomes 820982911946154500), and
// Shopify's own sample payloads use ids that large. Such literals are quoted before parsing, so
// they reach the schemas as exact digit strings; every other value parses as JSON.parse would.

export type JsonDecodeResult = { ok: true; value: unknown } | { ok: false; error: string };

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const NUMBER_CHAR = /[0-9eE.+-]/;

/** Quotes integer literals outside Number's safe range; leaves strings and everything else alone. */
function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      // Skip a string literal, honouring backslash escapes.
      i++;
      while (i < text.length) {
        const c = text.charCodeAt(i);
        if (c === 0x5c) {
          i += 2;
          continue;
        }
        i++;
        if (c === 0x22) break;
      }
      continue;
    }
    if (code === 0x2d || isDigit(code)) {
      // Outside strings only a number can start with "-" or a digit.
      const start = i;
      i++;
      while (i < text.length && NUMBER_CHAR.test(text.charAt(i))) i++;
      const token = text.slice(start, i);
      if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copiedUpTo, start)}"${token}"`;
        copiedUpTo = i;
      }
      continue;
    }
    i++;
  }
  return out + text.slice(copiedUpTo);
}

/** JSON.parse for webhook bodies that keeps large integer ids exact (as strings). */
export function decodeWebhookJson(text: string): JsonDecodeResult {
  try {
    return { ok: true, value: JSON.parse(quoteUnsafeIntegers(text)) as unknown };
  } catch (error) {
    return {
      ok: false,
      error: `Body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
