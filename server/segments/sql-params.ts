// Placeholder allocation for compiled segment queries: every value from a definition becomes a bind
// parameter ($n with an explicit cast), never SQL text. $1 is always the shop id.
import type {
  DateComparison,
  DateValue,
  NumberComparison,
  SegmentWindow,
  TextComparison,
} from '../contracts/segments.js';

const DAY_MS = 86_400_000;

export class SqlParams {
  readonly values: unknown[];
  constructor(shopId: string) {
    this.values = [shopId];
  }
  /** Adds a value; returns its placeholder with the cast, e.g. `$3::numeric`. */
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/** A definition date as an instant: YYYY-MM-DD is midnight UTC; { daysAgo: n } is n × 24 h before `now`. */
export function resolveDate(value: DateValue, now: Date): Date {
  if (typeof value === 'string')
    return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return new Date(now.getTime() - value.daysAgo * DAY_MS);
}

/** How a number column compares: its SQL type (the parameters' cast) and whether it can be NULL. */
export interface NumberColumn {
  type: 'int' | 'numeric';
  /** A NOT NULL expression needs no COALESCE, which keeps an index on it usable. */
  notNull: boolean;
}
const NULLABLE_NUMERIC: NumberColumn = { type: 'numeric', notNull: false };

/** `expr` compared with a number condition; NULL never matches (except is_set, which is false). */
export function numberSql(
  expr: string,
  c: NumberComparison,
  p: SqlParams,
  col: NumberColumn = NULLABLE_NUMERIC,
): string {
  const v = (x: number) => p.add(x, col.type);
  const test = (sql: string) => (col.notNull ? sql : `COALESCE(${sql}, false)`);
  switch (c.op) {
    case 'eq':
      return test(`${expr} = ${v(c.value)}`);
    case 'ne':
      return test(`${expr} <> ${v(c.value)}`);
    case 'lt':
      return test(`${expr} < ${v(c.value)}`);
    case 'lte':
      return test(`${expr} <= ${v(c.value)}`);
    case 'gt':
      return test(`${expr} > ${v(c.value)}`);
    case 'gte':
      return test(`${expr} >= ${v(c.value)}`);
    case 'between':
      return test(`${expr} BETWEEN ${v(c.value[0])} AND ${v(c.value[1])}`);
    case 'in':
      return test(`${expr} = ANY(${p.add(c.values, `${col.type}[]`)})`);
    case 'not_in':
      return test(`NOT (${expr} = ANY(${p.add(c.values, `${col.type}[]`)}))`);
    case 'is_set':
      return `(${expr} IS NOT NULL)`;
  }
}

/** Whether a number condition holds for a value (the value of a customer with no orders in a window). */
export function numberHolds(value: number | null, c: NumberComparison): boolean {
  if (c.op === 'is_set') return value !== null;
  if (value === null) return false;
  switch (c.op) {
    case 'eq':
      return value === c.value;
    case 'ne':
      return value !== c.value;
    case 'lt':
      return value < c.value;
    case 'lte':
      return value <= c.value;
    case 'gt':
      return value > c.value;
    case 'gte':
      return value >= c.value;
    case 'between':
      return value >= c.value[0] && value <= c.value[1];
    case 'in':
      return c.values.includes(value);
    case 'not_in':
      return !c.values.includes(value);
  }
}

/**
 * `expr` compared, FALSE (not NULL) when `expr` is NULL. Written `expr IS NOT NULL AND expr < $n` rather than
 * `COALESCE(expr < $n, false)`: the same truth value, but the comparison stays a condition an index on the
 * column can serve (a COALESCE'd comparison is opaque to the planner: a scan of every customer).
 */
const nonNull = (expr: string, comparison: string) => `(${expr} IS NOT NULL AND ${comparison})`;

export function dateSql(expr: string, c: DateComparison, p: SqlParams, now: Date): string {
  const at = (v: DateValue) => p.add(resolveDate(v, now).toISOString(), 'timestamptz');
  switch (c.op) {
    case 'lt':
      return nonNull(expr, `${expr} < ${at(c.value)}`);
    case 'lte':
      return nonNull(expr, `${expr} <= ${at(c.value)}`);
    case 'gt':
      return nonNull(expr, `${expr} > ${at(c.value)}`);
    case 'gte':
      return nonNull(expr, `${expr} >= ${at(c.value)}`);
    case 'between':
      return nonNull(expr, `${expr} BETWEEN ${at(c.value[0])} AND ${at(c.value[1])}`);
    case 'is_set':
      return `(${expr} IS NOT NULL)`;
  }
}

/** Text comparison; `fold` compares lower-cased (the values are lower-cased here, the column in SQL). */
export function textSql(expr: string, c: TextComparison, p: SqlParams, fold = false): string {
  const e = fold ? `lower(${expr})` : expr;
  const v = (s: string) => (fold ? s.toLowerCase() : s);
  switch (c.op) {
    case 'eq':
      return nonNull(expr, `${e} = ${p.add(v(c.value), 'text')}`);
    case 'ne':
      return nonNull(expr, `${e} <> ${p.add(v(c.value), 'text')}`);
    case 'in':
      return nonNull(expr, `${e} = ANY(${p.add(c.values.map(v), 'text[]')})`);
    case 'not_in':
      return nonNull(expr, `NOT (${e} = ANY(${p.add(c.values.map(v), 'text[]')}))`);
    case 'is_set':
      return `(${expr} IS NOT NULL)`;
  }
}

/** Window bounds on a timestamp column (both inclusive), as SQL conjuncts (empty when there is no window). */
export function windowSql(column: string, w: SegmentWindow | undefined, p: SqlParams, now: Date): string {
  if (!w) return '';
  let out = '';
  if (w.from !== undefined)
    out += ` AND ${column} >= ${p.add(resolveDate(w.from, now).toISOString(), 'timestamptz')}`;
  if (w.to !== undefined)
    out += ` AND ${column} <= ${p.add(resolveDate(w.to, now).toISOString(), 'timestamptz')}`;
  return out;
}
