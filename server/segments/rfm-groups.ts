// RFM groups from recency / frequency / monetary quintile scores (1-5, 5 best). Frequency and monetary are
// combined as FM = ceil((F + M) / 2); the group is a fixed 5 × 5 grid of R against FM (one source for the
// SQL that stores the groups and for any code that needs the mapping).
import type { RfmGroup } from '../contracts/segments.js';
import type { SqlParams } from './sql-params.js';

/** RFM_GRID[r - 1][fm - 1]. */
export const RFM_GRID: ReadonlyArray<ReadonlyArray<RfmGroup>> = [
  ['lost', 'lost', 'at_risk', 'at_risk', 'cant_lose'],
  ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
  ['needs_attention', 'needs_attention', 'needs_attention', 'loyal', 'loyal'],
  ['promising', 'potential_loyalists', 'potential_loyalists', 'loyal', 'loyal'],
  ['new', 'potential_loyalists', 'potential_loyalists', 'champions', 'champions'],
];

export const fmScore = (f: number, m: number): number => Math.ceil((f + m) / 2);

export function rfmGroupOf(r: number, f: number, m: number): RfmGroup {
  const group = RFM_GRID[r - 1]?.[fmScore(f, m) - 1];
  if (!group) throw new RangeError(`RFM scores must be 1-5, got ${r}/${f}/${m}`);
  return group;
}

/** The grid flattened for SQL: (grid)[(r - 1) * 5 + fm]. */
export const RFM_GRID_FLAT: readonly RfmGroup[] = RFM_GRID.flat();

/** Quintile score (1-5) from a percent rank in [0, 1]: ties share a score. */
export const quintileOf = (percentRank: number): number => Math.min(5, 1 + Math.floor(5 * percentRank));

/**
 * The customer's stored group (customers.rfm_group, written with customer_rfm by the recompute, migration
 * 0031): an index range over the live customers of those groups, no join. Never NULL (no group: false).
 */
export function rfmGroupsSql(groups: readonly RfmGroup[], p: SqlParams): string {
  return `(c.rfm_group IS NOT NULL AND c.rfm_group = ANY(${p.add([...new Set(groups)], 'text[]')}))`;
}
