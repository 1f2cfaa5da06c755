// The report charts: Polaris Viz line, bar and funnel charts in fixed-height frames (no layout shift while
// they load), each frame marked with what it shows and how many series (data-chart, data-series) so the
// browser tests can check that the chart rendered what the page meant. Polaris Viz (~97 kB brotli) is its own
// chunk, fetched when a chart is first drawn: the page's figures and tables show without waiting for it, and
// the frame shows a placeholder of the chart's height meanwhile. Like every page chunk, it is one hashed file
// of the build the page was loaded from.
import { SkeletonBodyText } from '@shopify/polaris';
import { lazy, Suspense, type ReactNode } from 'react';

const viz = () => import('./viz-charts.js');
const VizLineChart = lazy(async () => ({ default: (await viz()).VizLineChart }));
const VizBarChart = lazy(async () => ({ default: (await viz()).VizBarChart }));
const VizFunnelChart = lazy(async () => ({ default: (await viz()).VizFunnelChart }));

export const CHART_HEIGHT = 260;

export interface ChartSeries {
  name: string;
  points: Array<{ key: string; value: number }>;
}

/** The same height as a chart, for loading states. */
export function ChartPlaceholder() {
  return (
    <div style={{ height: CHART_HEIGHT, display: 'flex', alignItems: 'center' }} aria-busy="true">
      <div style={{ width: '100%' }}>
        <SkeletonBodyText lines={6} />
      </div>
    </div>
  );
}

function ChartFrame({ name, series, children }: { name: string; series: number; children: ReactNode }) {
  return (
    <div data-chart={name} data-series={series} style={{ height: CHART_HEIGHT, position: 'relative' }}>
      <Suspense fallback={<ChartPlaceholder />}>{children}</Suspense>
    </div>
  );
}

interface SeriesChartProps {
  /** data-chart: what the chart shows (e.g. "subscribers"). */
  name: string;
  series: ChartSeries[];
  formatY?: (value: number) => string;
}

export function ReportLineChart({ name, series, formatY }: SeriesChartProps) {
  return (
    <ChartFrame name={name} series={series.length}>
      <VizLineChart series={series} {...(formatY ? { formatY } : {})} />
    </ChartFrame>
  );
}

export function ReportBarChart({
  name,
  series,
  formatY,
  stacked = false,
}: SeriesChartProps & { stacked?: boolean }) {
  return (
    <ChartFrame name={name} series={series.length}>
      <VizBarChart series={series} stacked={stacked} {...(formatY ? { formatY } : {})} />
    </ChartFrame>
  );
}

/** Steps of a funnel, largest first (sent, delivered, clicked, ordered). */
export function ReportFunnelChart({
  name,
  steps,
}: {
  name: string;
  steps: Array<{ label: string; value: number }>;
}) {
  return (
    <ChartFrame name={name} series={1}>
      <VizFunnelChart name={name} steps={steps} />
    </ChartFrame>
  );
}
