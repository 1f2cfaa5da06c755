// The "bought products" condition: what to match (products, SKUs, vendors, product types), how (any, all,
// none of them), the picked values as tags, and a search over the products the shop has sold.
import { Autocomplete, BlockStack, InlineStack, Select, Tag, Text } from '@shopify/polaris';
import { useEffect, useMemo, useState } from 'react';
import type { ProductTarget, SegmentProduct } from '../../../server/contracts/index.js';
import { useBuilder } from './builder-context.js';
import { errorAt, getAt, type Path } from './definition-edit.js';
import { searchSegmentProducts } from './segment-api.js';

export const PRODUCT_SEARCH_DEBOUNCE_MS = 250;

const targets: Array<{ value: ProductTarget; label: string }> = [
  { value: 'product', label: 'products' },
  { value: 'sku', label: 'SKUs' },
  { value: 'vendor', label: 'vendors' },
  { value: 'product_type', label: 'product types' },
];
const matches = [
  { value: 'any', label: 'bought any of' },
  { value: 'all', label: 'bought all of' },
  { value: 'none', label: 'bought none of' },
];

/** The picker's choices for a target, from the search results (distinct, non-empty). */
function choicesFor(target: ProductTarget, products: SegmentProduct[]) {
  const seen = new Map<string, string>();
  for (const p of products) {
    const [value, label] =
      target === 'product' || target === 'variant'
        ? [p.productId, p.title]
        : target === 'sku'
          ? [p.sku, p.sku === null ? '' : `${p.sku} · ${p.title}`]
          : target === 'vendor'
            ? [p.vendor, p.vendor ?? '']
            : [p.productType, p.productType ?? ''];
    if (value !== null && value !== '' && !seen.has(value)) seen.set(value, label);
  }
  return [...seen].map(([value, label]) => ({ value, label }));
}

function useProductSearch(query: string) {
  const [state, setState] = useState<{ query: string; items: SegmentProduct[] } | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      searchSegmentProducts(query, controller.signal).then(
        (list) => {
          setFailed(undefined);
          setState({ query, items: list.items });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setFailed(error instanceof Error ? error.message : String(error));
        },
      );
    }, PRODUCT_SEARCH_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query]);
  return { items: state?.items ?? [], loading: state?.query !== query && failed === undefined, failed };
}

export function ProductsFields({ path }: { path: Path }) {
  const { set, errors, definition, productTitles, rememberProducts } = useBuilder();
  const target = getAt(definition, [...path, 'target']) as ProductTarget;
  const match = getAt(definition, [...path, 'match']) as string;
  const rawValues = getAt(definition, [...path, 'values']);
  const values = Array.isArray(rawValues) ? (rawValues as string[]) : [];
  const [query, setQuery] = useState('');
  const search = useProductSearch(query);
  const choices = useMemo(
    () => choicesFor(target, search.items).filter((c) => !values.includes(c.value)),
    [target, search.items, values],
  );

  const labelOf = (value: string): string =>
    target === 'product' || target === 'variant' ? (productTitles.get(value) ?? `Product ${value}`) : value;
  const error = errorAt(errors, [...path, 'values']);

  return (
    <>
      <Select
        label="Match"
        labelHidden
        options={matches}
        value={match}
        onChange={(next) => set([...path, 'match'], next)}
      />
      <Select
        label="Match by"
        labelHidden
        options={targets}
        value={target}
        onChange={(next) => set(path, { ...(getAt(definition, path) as object), target: next, values: [] })}
      />
      <div className="segment-products-search">
        <BlockStack gap="200">
          <Autocomplete
            options={choices}
            selected={[]}
            loading={search.loading}
            emptyState={<Text as="p">{search.failed ?? 'Nothing sold matches'}</Text>}
            onSelect={(selected) => {
              const picked = selected.filter((v) => !values.includes(v));
              if (target === 'product')
                rememberProducts(picked.map((v) => [v, choices.find((c) => c.value === v)?.label ?? v]));
              set([...path, 'values'], [...values, ...picked]);
              setQuery('');
            }}
            textField={
              <Autocomplete.TextField
                label={`Search ${targets.find((t) => t.value === target)?.label ?? 'products'}`}
                labelHidden
                placeholder={`Search ${targets.find((t) => t.value === target)?.label ?? 'products'}`}
                autoComplete="off"
                value={query}
                onChange={setQuery}
                error={error}
              />
            }
          />
          {values.length > 0 && (
            <InlineStack gap="100">
              {values.map((value, i) => (
                <Tag
                  key={value}
                  onRemove={() =>
                    set(
                      [...path, 'values'],
                      values.filter((_, j) => j !== i),
                    )
                  }
                >
                  {labelOf(value)}
                </Tag>
              ))}
            </InlineStack>
          )}
        </BlockStack>
      </div>
    </>
  );
}
