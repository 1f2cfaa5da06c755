// Polaris Viz line, bar and funnel charts, framed by charts.tsx.
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

// Straight lines: a spline overshoots between days (a dip below zero that isn't in the data).
const THEMES = { Light: { line: { hasSpline: false, hasArea: false } } };

const percent = (value: number): string => `${value.toFixed(value > 0 && value < 10 ? 1 : 0)}%`;
const whole = (value: string | number | null): string =>
  new Intl.NumberFormat('en-US').format(Number(value ?? 0));

function Provided({ children }: { children: ReactNode }) {
  return (
    <PolarisVizProvider themes={THEMES} defaultTheme="Light">
      {children}
    </PolarisVizProvider>
  );
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
        labelFormatter={whole}
        percentageFormatter={percent}
      />
    </Provided>
  );
}
