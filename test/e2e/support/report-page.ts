// Helpers for the report browser tests: read the figures a page shows, and what its charts rendered.
import type { Page } from 'playwright-core';

/** The text of every [data-figure] on the page (or inside `scope`), by name. */
export async function figuresOnPage(page: Page, scope = 'body'): Promise<Record<string, string>> {
  return page
    .locator(scope)
    .first()
    .evaluate((root) => {
      const out: Record<string, string> = {};
      for (const el of root.querySelectorAll('[data-figure]'))
        out[el.getAttribute('data-figure') ?? ''] = (el.textContent ?? '').trim();
      return out;
    });
}

export interface RenderedChart {
  /** data-series: how many series the page gave the chart. */
  series: number;
  /** <svg> elements inside the chart's frame. */
  svgs: number;
  /** Legend entries Polaris Viz drew (one per series). */
  legendItems: string[];
  height: number;
}

/** Waits until the chart named `name` has drawn its SVG, then describes it. */
export async function renderedChart(page: Page, name: string): Promise<RenderedChart> {
  const frame = page.locator(`[data-chart="${name}"]`);
  await frame.locator('svg').first().waitFor();
  return frame.evaluate((el) => ({
    series: Number(el.getAttribute('data-series')),
    svgs: el.querySelectorAll('svg').length,
    legendItems: [...el.querySelectorAll('[data-polaris-viz-legend] button, [class*="Legend"] button')].map(
      (b) => (b.textContent ?? '').trim(),
    ),
    height: el.getBoundingClientRect().height,
  }));
}

export const count = (n: number): string => new Intl.NumberFormat('en-US').format(n);

export const usd = (amount: string): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(amount));
