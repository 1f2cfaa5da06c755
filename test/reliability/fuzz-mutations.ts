// Seeded mutations of request bodies for `npm run fuzz`: type swaps, missing and extra fields, huge strings and
// numbers, deep nesting, invalid UTF-8, NUL characters, wrong content types and empty bodies. One PRNG
// (mulberry32) drives every choice, so a run with the same seed sends the same requests.

export interface Rng {
  next(): number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]!, chance: (p) => next() < p };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A request body to send: bytes plus the content type to claim for them (null: no header). */
export interface Body {
  bytes: Buffer;
  contentType: string | null;
  /** Which mutation made it (for the report). */
  mutation: string;
}

const WEIRD_STRINGS = [
  '',
  ' ',
  'null',
  '-1',
  '0',
  '1e309',
  'NaN',
  'true',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '👩‍👩‍👧‍👦'.repeat(50),
  "'; DROP TABLE shops; --",
  '{{ shop.name }}{% for i in (1..99999999) %}x{% endfor %}',
  '../../etc/passwd',
  '2025-02-30T25:61:00Z',
  '+999999999999999999999',
  '<script>alert(1)</script>',
  '%ff%fe',
];
const WEIRD_NUMBERS: Json[] = [
  0,
  -1,
  -0.5,
  1.5,
  2 ** 31,
  2 ** 53 + 1,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  1e308,
  -1e308,
  5e-324,
];

function randomValue(rng: Rng, depth = 0): Json {
  switch (rng.int(depth > 2 ? 5 : 7)) {
    case 0:
      return rng.pick(WEIRD_STRINGS);
    case 1:
      return rng.pick(WEIRD_NUMBERS);
    case 2:
      return rng.chance(0.5);
    case 3:
      return null;
    case 4:
      return 'x'.repeat(rng.pick([1, 255, 256, 5000, 70_000]));
    case 5:
      return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: rng.int(4) }, (_, i) => [`k${i}`, randomValue(rng, depth + 1)]),
      );
  }
}

/** Every path to a value inside `v` (object keys and array indexes), the root excluded. */
function paths(v: Json, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  if (out.length > 2000) return out;
  const children: Array<[string | number, Json]> = Array.isArray(v)
    ? v.map((x, i): [number, Json] => [i, x])
    : v !== null && typeof v === 'object'
      ? Object.entries(v)
      : [];
  for (const [key, child] of children) {
    out.push([...prefix, key]);
    paths(child, [...prefix, key], out);
  }
  return out;
}

function parentOf(root: Json, path: Array<string | number>): Record<string | number, Json> | null {
  let cur: Json = root;
  for (const key of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string | number, Json>)[key] ?? null;
  }
  return cur !== null && typeof cur === 'object' ? (cur as Record<string | number, Json>) : null;
}

function typeOf(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** A structural mutation of a JSON value (a deep copy is changed). */
export function mutateJson(rng: Rng, original: Json): { value: Json; mutation: string } {
  const value = structuredClone(original);
  const all = paths(value);
  const mutation = rng.pick(['type_swap', 'missing', 'extra', 'huge_string', 'huge_number', 'weird']);
  if (all.length === 0 || value === null || typeof value !== 'object')
    return { value: randomValue(rng), mutation: 'replace_root' };
  const path = rng.pick(all);
  const parent = parentOf(value, path);
  const key = path.at(-1)!;
  if (!parent) return { value, mutation: 'none' };
  switch (mutation) {
    case 'type_swap': {
      const before = typeOf(parent[key] ?? null);
      let next = randomValue(rng);
      for (let i = 0; i < 5 && typeOf(next) === before; i++) next = randomValue(rng);
      parent[key] = next;
      break;
    }
    case 'missing':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 'extra':
      if (Array.isArray(parent)) parent.push(randomValue(rng));
      else parent[`extra_${rng.int(1000)}`] = randomValue(rng);
      break;
    case 'huge_string':
      parent[key] = 'Z'.repeat(rng.pick([100_000, 600_000]));
      break;
    case 'huge_number':
      parent[key] = rng.pick([1e308, -1e308, 2 ** 64, 123456789012345680000, -(2 ** 63)]);
      break;
    default:
      parent[key] = rng.pick(WEIRD_STRINGS);
  }
  return { value, mutation };
}

/** Bytes mutations that are not structural: deep nesting, invalid UTF-8, raw number tokens, truncation. */
export function mutateBytes(rng: Rng, json: string): { text: Buffer; mutation: string } {
  switch (rng.int(5)) {
    case 0: {
      const depth = rng.pick([1_000, 20_000, 200_000]);
      const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const text = json.startsWith('{') ? `{"deep":${nested},${json.slice(1)}` : nested;
      return { text: Buffer.from(text), mutation: `deep_nesting_${depth}` };
    }
    case 1: {
      const buf = Buffer.from(json);
      const at = rng.int(Math.max(1, buf.length));
      const bad = rng.pick([[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]);
      return {
        text: Buffer.concat([buf.subarray(0, at), Buffer.from(bad), buf.subarray(at)]),
        mutation: 'invalid_utf8',
      };
    }
    case 2:
      return {
        text: Buffer.from(
          json.replace(/:\s*(-?\d+)/, ': 1e400').replace(/:\s*"[^"]*"/, ': 99999999999999999999999999999999'),
        ),
        mutation: 'raw_number_tokens',
      };
    case 3:
      return { text: Buffer.from(json.slice(0, rng.int(Math.max(1, json.length)))), mutation: 'truncated' };
    default:
      return { text: Buffer.from(json.replaceAll('"', '\\"')), mutation: 'escaped_garbage' };
  }
}

/** A mutated JSON body: structural, byte-level, wrong content type or empty. */
export function mutateJsonBody(rng: Rng, original: Json): Body {
  const roll = rng.next();
  if (roll < 0.5) {
    const { value, mutation } = mutateJson(rng, original);
    return { bytes: Buffer.from(JSON.stringify(value) ?? ''), contentType: 'application/json', mutation };
  }
  const text = JSON.stringify(original) ?? '';
  if (roll < 0.75) {
    const { text: bytes, mutation } = mutateBytes(rng, text);
    return { bytes, contentType: 'application/json', mutation };
  }
  if (roll < 0.9)
    return {
      bytes: Buffer.from(text),
      contentType: rng.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        null,
      ]),
      mutation: 'wrong_content_type',
    };
  return {
    bytes: Buffer.alloc(0),
    contentType: rng.pick(['application/json', null, 'text/plain']),
    mutation: 'empty_body',
  };
}

/** A mutated form (MessageBird callbacks): fields removed, added, swapped for garbage, or not a form at all. */
export function mutateForm(
  rng: Rng,
  fields: Record<string, string>,
): { fields: Array<[string, string]>; mutation: string } {
  const entries = Object.entries(fields);
  const mutation = rng.pick(['missing', 'extra', 'garbage', 'huge', 'duplicate', 'empty']);
  switch (mutation) {
    case 'missing':
      entries.splice(rng.int(entries.length), 1);
      break;
    case 'extra':
      entries.push([
        rng.pick(['x', 'status[]', '__proto__', 'constructor', 'id[a]']),
        rng.pick(WEIRD_STRINGS),
      ]);
      break;
    case 'garbage': {
      const i = rng.int(entries.length);
      entries[i] = [entries[i]![0], rng.pick(WEIRD_STRINGS)];
      break;
    }
    case 'huge': {
      const i = rng.int(entries.length);
      entries[i] = [entries[i]![0], 'Z'.repeat(rng.pick([10_000, 300_000]))];
      break;
    }
    case 'duplicate': {
      const [k] = rng.pick(entries);
      entries.push([k, rng.pick(WEIRD_STRINGS)]);
      break;
    }
    default:
      entries.length = 0;
  }
  return { fields: entries, mutation: `form_${mutation}` };
}

/** A path segment (an id in the URL) replaced with something that is not a valid id. */
export function mutateId(rng: Rng): string {
  return rng.pick([
    'abc',
    '0',
    '-1',
    '99999999999999999999999',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-fffffffffffff',
    '%00',
    '%ff',
    '%E2%82',
    'x'.repeat(5000),
    '1.5',
    'null',
    '%2e%2e',
  ]);
}

/** Query parameters with values no client would send. */
export function mutateQuery(rng: Rng): string {
  const keys = [
    'limit',
    'cursor',
    'from',
    'to',
    'status',
    'q',
    'query',
    'page',
    'source',
    'sort',
    'flow',
    'group',
    'messageId',
    'phone',
    'kind',
    'range',
  ];
  const values = [
    '-1',
    '0',
    '1e309',
    'abc',
    '%ff',
    '',
    'x'.repeat(3000),
    '2025-13-45',
    '%00',
    '[]',
    '{"a":1}',
    '99999999999999999999',
  ];
  const n = 1 + rng.int(3);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = rng.pick(keys);
    parts.push(`${key}${rng.chance(0.2) ? '[]' : ''}=${rng.pick(values)}`);
  }
  return parts.join('&');
}
