// What every field of the condition builder needs without threading it through each level: the current
// problems by path, the edit function, the shop's currency, and the names of products picked by id.
import { createContext, useContext } from 'react';
import type { SegmentNode } from '../../../server/contracts/index.js';
import type { Path } from './definition-edit.js';

export interface BuilderContextValue {
  /** The definition being edited (leaf values may still be text the check flags). */
  definition: SegmentNode;
  errors: Record<string, string>;
  /** Replaces the value at `path` in the definition (undefined removes an optional key). */
  set(path: Path, value: unknown): void;
  currency: string;
  /** Product titles by product id, as the picker found them. */
  productTitles: ReadonlyMap<string, string>;
  rememberProducts(titles: ReadonlyArray<[string, string]>): void;
}

export const BuilderContext = createContext<BuilderContextValue | null>(null);

export function useBuilder(): BuilderContextValue {
  const value = useContext(BuilderContext);
  if (value === null) throw new Error('useBuilder outside a BuilderContext');
  return value;
}
