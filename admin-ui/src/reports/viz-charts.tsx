// Polaris Viz line, bar and funnel charts, loaded on demand by charts.tsx (their own chunk: Polaris Viz and
// d3 are ~500 kB that pages without charts never need).
import '@shopify/polaris-viz/build/esm/styles.css';
import {
  BarChart,
  FunnelChartNext,
  LineChart,
  PolarisVizProvider,
  type DataSeries,
} from '@shopify/polaris-viz';
import type { ReactNode } from 'react';
import type { ChartSeries } from './charts.js';

const toDataSeries = (series: ChartSeries[]): DataSeries[] =>
  series.map((s) => ({ name: s.name, data: s.points.map((p) => ({ key: p.key, value: p.value })) }));

function Provided({ children }: { children: ReactNode }) {
  return <PolarisVizProvider defaultTheme="Light">{children}</PolarisVizProvider>;
}

export function VizLineChart({
  series,
  formatY,
}: {
  series: ChartSeries[];
  formatY?: (value: number) => string;
}) {
  return (
    <Provided>
      <LineChart
        data={toDataSeries(series)}
        theme="Light"
        isAnimated={false}
        showLegend
        emptyStateText="No data in this range"
        yAxisOptions={formatY ? { labelFormatter: (v) => formatY(Number(v)) } : {}}
      />
    </Provided>
  );
}

export function VizBarChart({
  series,
  stacked = false,
  formatY,
}: {
  series: ChartSeries[];
  stacked?: boolean;
  formatY?: (value: number) => string;
}) {
  return (
    <Provided>
      <BarChart
        data={toDataSeries(series)}
        theme="Light"
        isAnimated={false}
        showLegend
        type={stacked ? 'stacked' : 'default'}
        emptyStateText="No data in this range"
        yAxisOptions={formatY ? { labelFormatter: (v) => formatY(Number(v)) } : {}}
      />
    </Provided>
  );
}

/** Steps of a funnel, largest first (sent, delivered, clicked, ordered). */
export function VizFunnelChart({
  name,
  steps,
}: {
  name: string;
  steps: Array<{ label: string; value: number }>;
}) {
  return (
    <Provided>
      <FunnelChartNext
        data={[{ name, data: steps.map((s) => ({ key: s.label, value: s.value })) }]}
        theme="Light"
        isAnimated={false}
        tooltipLabels={{ reached: 'Reached this step', dropped: 'Dropped off' }}
      />
    </Provided>
  );
}
