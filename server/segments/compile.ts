// The segment compiler: a validated definition → one parameterised SQL query over the store mirror.
// Pure (no I/O): the same definition, shop and `now` always give the same text and parameters, and no
// value from the definition ever becomes SQL text (every one is a bind parameter).
import type { SegmentNode } from '../contracts/segments.js';
import { conditionSql } from './compile-conditions.js';
import { SqlParams } from './sql-params.js';

export interface CompiledQuery {
  text: string;
  values: unknown[];
}

export interface CompileOptions {
  shopId: string;
  /** The instant relative dates ("in the last 30 days") are measured from. */
  now: Date;
}

/** E.164, as the outbox gates require (server/messaging/outbox/gates.ts). */
export const E164_SQL_PATTERN = '^\\+[1-9][0-9]{6,14}$';

function nodeSql(node: SegmentNode, p: SqlParams, now: Date): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.conditions.map((c) => nodeSql(c, p, now)).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `(NOT ${nodeSql(node.condition, p, now)})`;
    default:
      return conditionSql(node, p, now);
  }
}

/**
 * The members' WHERE clause over `customers c` (shop $1, not deleted or redacted) and its parameters. Pass
 * `params` to compile several definitions into one statement (campaign audiences: their values share it).
 */
export function compileMembers(
  definition: SegmentNode,
  opts: CompileOptions,
  params?: SqlParams,
): { where: string; params: SqlParams } {
  const p = params ?? new SqlParams(opts.shopId);
  const predicate = nodeSql(definition, p, opts.now);
  return {
    where: `c.shop_id = $1 AND c.deleted_at IS NULL AND c.redacted_at IS NULL AND ${predicate}`,
    params: p,
  };
}

/**
 * A subscriber that a marketing text may reach: confirmed marketing consent, no STOP on any channel, an
 * E.164 number, and not suppressed (no message to that number was reported undeliverable: the network
 * said it can never receive SMS). Migration 0024 keeps each customer's count of these in
 * `customers.reachable_phones` (the same rule, in SQL, kept by triggers); campaign audiences use this text.
 */
export const REACHABLE_SQL =
  `s.marketing_state = 'subscribed' AND s.transactional_state <> 'unsubscribed' AND s.phone ~ '${E164_SQL_PATTERN}' ` +
  `AND s.phone NOT IN (SELECT m.phone FROM messages m WHERE m.shop_id = $1 AND m.status = 'undeliverable')`;

/**
 * One row: customers (matching) and reachable (distinct reachable phones among them), in one pass over the
 * members. A phone is one subscriber ((shop_id, phone) is unique) and a subscriber links to one customer,
 * so summing each member's maintained count of reachable subscribers counts distinct phones.
 */
export function compileCountQuery(definition: SegmentNode, opts: CompileOptions): CompiledQuery {
  const { where, params } = compileMembers(definition, opts);
  const text =
    `SELECT count(*)::int AS customers, COALESCE(sum(c.reachable_phones), 0)::int AS reachable FROM customers c ` +
    `WHERE ${where}`;
  return { text, values: params.values };
}

/** Up to `limit` members, most recent buyers first, with a phone (the customer's, else a subscriber's). */
export function compileSampleQuery(definition: SegmentNode, opts: CompileOptions, limit = 20): CompiledQuery {
  const { where, params } = compileMembers(definition, opts);
  const text =
    `SELECT c.id::text AS id, c.first_name, c.last_name, ` +
    `COALESCE(c.phone, (SELECT s.phone FROM subscribers s WHERE s.shop_id = c.shop_id AND s.customer_id = c.id ORDER BY s.created_at LIMIT 1)) AS phone, ` +
    `c.orders_count, c.total_spent::text AS total_spent, c.last_order_at ` +
    `FROM customers c WHERE ${where} ORDER BY c.last_order_at DESC NULLS LAST, c.id LIMIT ${params.add(limit, 'int')}`;
  return { text, values: params.values };
}

/** Member ids (for tests and evaluation tools), in id order. */
export function compileMemberIdsQuery(definition: SegmentNode, opts: CompileOptions): CompiledQuery {
  const { where, params } = compileMembers(definition, opts);
  return {
    text: `SELECT c.id::text AS id FROM customers c WHERE ${where} ORDER BY c.id`,
    values: params.values,
  };
}
