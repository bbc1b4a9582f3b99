/**
 * ECharts options for the dashboard's chart kinds (sparkline, line, bars, waterfall, histogram), in the
 * palette of the CSS variables, so charts and badges use the same tier and band colours.
 */
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { count, formatShort, formatValue, percent } from '../lib/format.js';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkAreaComponentOption
  | TooltipComponentOption
>;

const VARS = [
  'text',
  'muted',
  'border',
  'surface',
  'accent',
  'accent-2',
  'accent-3',
  'poor',
  'fair',
  'good',
  'excellent',
  'critical',
  'at_risk',
  'healthy',
  'none',
] as const;
export type PaletteName = (typeof VARS)[number];
let cached: Record<PaletteName, string> | null = null;

/** The CSS variables of styles.css, read once: the single source of the colours. */
export function palette(): Record<PaletteName, string> {
  if (cached) return cached;
  const style = getComputedStyle(document.documentElement);
  const read = (name: PaletteName) =>
    style.getPropertyValue(`--${name.replace('_', '-')}`).trim() || '#667085';
  cached = Object.fromEntries(VARS.map((v) => [v, read(v)])) as Record<PaletteName, string>;
  return cached;
}

/**
 * ECharts measures text to lay out legends and axis labels, so it needs the real font stack (a CSS keyword such
 * as `inherit` would be measured in a fallback font and labels would overlap).
 */
const FONT = {
  get fontFamily(): string {
    return getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
  },
  fontSize: 11,
};

function tooltip(unit: string): TooltipComponentOption {
  return {
    trigger: 'axis',
    confine: true,
    valueFormatter: (v) => formatValue(typeof v === 'number' ? v : null, unit),
  };
}

/** Value-axis settings for a unit: counts step by whole numbers. */
const valueAxisBase = (unit: string) => (unit === 'count' ? { minInterval: 1 } : {});

const axisLabel = (unit: string) => ({
  ...FONT,
  color: palette().muted,
  // Axis ticks are round numbers: points read as whole numbers there, whatever the values' precision.
  formatter: (v: number) =>
    unit === 'points' ? count(v) : unit === 'ratio' ? percent(v, 0) : formatShort(v, unit),
});

/** A card's 12-month trend: no axes, the last point marked. */
export function sparklineOption(
  labels: readonly string[],
  values: readonly (number | null)[],
  unit: string,
): ChartOption {
  const p = palette();
  return {
    animation: false,
    grid: { left: 2, right: 6, top: 6, bottom: 2 },
    tooltip: { ...tooltip(unit), axisPointer: { type: 'line', lineStyle: { color: p.border } } },
    xAxis: { type: 'category', data: [...labels], show: false, boundaryGap: false },
    yAxis: { type: 'value', show: false, scale: true },
    series: [
      {
        type: 'line',
        data: [...values],
        connectNulls: true,
        symbol: 'circle',
        symbolSize: (_: unknown, params: { dataIndex: number }) =>
          params.dataIndex === values.length - 1 ? 6 : 0,
        lineStyle: { width: 2, color: p.accent },
        itemStyle: { color: p.accent },
        areaStyle: { color: p.accent, opacity: 0.08 },
      },
    ],
  };
}

export interface LineSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
  readonly color?: string;
  readonly area?: boolean;
  readonly step?: boolean;
}

/** A line chart over categories (months, days); `bands` shades value ranges (health bands, targets). */
export function lineOption(
  labels: readonly string[],
  series: readonly LineSeries[],
  unit: string,
  extra: {
    min?: number;
    max?: number;
    bands?: readonly { from: number; to: number; color: string; label?: string }[];
  } = {},
): ChartOption {
  const p = palette();
  const colors = [p.accent, p['accent-2'], p['accent-3']];
  return {
    animation: false,
    grid: { left: 8, right: 16, top: series.length > 1 ? 30 : 14, bottom: 4, containLabel: true },
    tooltip: tooltip(unit),
    ...(series.length > 1
      ? { legend: { type: 'scroll', top: 0, left: 0, right: 0, textStyle: { ...FONT, color: p.text } } }
      : {}),
    xAxis: {
      type: 'category',
      data: [...labels],
      boundaryGap: false,
      axisLabel: { ...FONT, color: p.muted, hideOverlap: true },
      axisLine: { lineStyle: { color: p.border } },
    },
    yAxis: {
      type: 'value',
      ...valueAxisBase(unit),
      ...(extra.min !== undefined ? { min: extra.min } : {}),
      ...(extra.max !== undefined ? { max: extra.max } : {}),
      axisLabel: axisLabel(unit),
      splitLine: { lineStyle: { color: p.border, type: 'dashed' } },
    },
    series: series.map((s, i) => ({
      type: 'line' as const,
      name: s.name,
      data: [...s.values],
      connectNulls: true,
      showSymbol: s.values.length <= 26,
      symbolSize: 5,
      ...(s.step ? { step: 'end' as const } : {}),
      lineStyle: { width: 2, color: s.color ?? colors[i % colors.length] },
      itemStyle: { color: s.color ?? colors[i % colors.length] },
      ...(s.area ? { areaStyle: { opacity: 0.08 } } : {}),
      ...(i === 0 && extra.bands
        ? {
            markArea: {
              silent: true,
              data: extra.bands.map((b) => [
                {
                  yAxis: b.from,
                  itemStyle: { color: b.color, opacity: 0.07 },
                  ...(b.label
                    ? { name: b.label, label: { ...FONT, color: p.muted, position: 'insideRight' as const } }
                    : {}),
                },
                { yAxis: b.to },
              ]),
            },
          }
        : {}),
    })),
  };
}

export interface Bar {
  readonly label: string;
  readonly value: number | null;
  readonly color?: string;
}

/** Bars, vertical or (for long labels) horizontal; `target` draws a band such as the 70–85 % utilization goal. */
export function barOption(
  bars: readonly Bar[],
  unit: string,
  extra: {
    horizontal?: boolean;
    target?: { from: number; to: number; label: string };
    max?: number;
    name?: string;
  } = {},
): ChartOption {
  const p = palette();
  const categoryAxis = {
    type: 'category' as const,
    data: bars.map((b) => b.label),
    axisLabel: { ...FONT, color: p.text, interval: 0, hideOverlap: !extra.horizontal },
    axisLine: { lineStyle: { color: p.border } },
    axisTick: { show: false },
    ...(extra.horizontal ? { inverse: true } : {}),
  };
  const valueAxis = {
    type: 'value' as const,
    ...valueAxisBase(unit),
    ...(extra.max !== undefined ? { max: extra.max } : {}),
    axisLabel: axisLabel(unit),
    splitLine: { lineStyle: { color: p.border, type: 'dashed' as const } },
  };
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 16, bottom: 4, containLabel: true },
    tooltip: { ...tooltip(unit), axisPointer: { type: 'shadow' } },
    xAxis: extra.horizontal ? valueAxis : categoryAxis,
    yAxis: extra.horizontal ? categoryAxis : valueAxis,
    series: [
      {
        type: 'bar',
        name: extra.name ?? '',
        barMaxWidth: 36,
        data: bars.map((b) => ({
          value: b.value ?? 0,
          itemStyle: { color: b.color ?? p.accent, borderRadius: 2 },
        })),
        label: {
          show: bars.length <= 12,
          position: extra.horizontal ? 'right' : 'top',
          ...FONT,
          color: p.text,
          formatter: (v: { value?: unknown }) =>
            formatShort(typeof v.value === 'number' ? v.value : null, unit),
        },
        ...(extra.target
          ? {
              markArea: {
                silent: true,
                itemStyle: { color: p.good, opacity: 0.1 },
                // Horizontal bars fill the band's height: the band is named by the panel instead.
                label: extra.horizontal
                  ? { show: false }
                  : { ...FONT, color: p.good, position: 'insideRight' as const },
                data: [
                  [
                    {
                      name: extra.target.label,
                      ...(extra.horizontal ? { xAxis: extra.target.from } : { yAxis: extra.target.from }),
                    },
                    extra.horizontal ? { xAxis: extra.target.to } : { yAxis: extra.target.to },
                  ],
                ],
              },
            }
          : {}),
      },
    ],
  };
}

export interface Step {
  readonly label: string;
  /** A total (start, end) stands on the axis; a change floats from the running total. */
  readonly kind: 'total' | 'gain' | 'loss';
  readonly value: number;
}

/** The MRR bridge: start, each movement floating from the running total, end. */
export function waterfallOption(steps: readonly Step[], unit: string): ChartOption {
  const p = palette();
  let running = 0;
  const base: number[] = [];
  const bars: { value: number; itemStyle: { color: string } }[] = [];
  for (const s of steps) {
    if (s.kind === 'total') {
      running = s.value;
      base.push(0);
      bars.push({ value: s.value, itemStyle: { color: p.accent } });
    } else if (s.kind === 'gain') {
      base.push(running);
      bars.push({ value: s.value, itemStyle: { color: p.healthy } });
      running += s.value;
    } else {
      running -= s.value;
      base.push(running);
      bars.push({ value: s.value, itemStyle: { color: p.critical } });
    }
  }
  // The totals dwarf the movements: the axis starts below the lowest running total by 1.5× the range the
  // bridge moves through, so each movement stays visible (the labels carry the exact amounts).
  const levels = steps.map(
    (_, i) => (base[i] ?? 0) + (steps[i]?.kind === 'total' ? (bars[i]?.value ?? 0) : 0),
  );
  const tops = steps.map((_, i) => (base[i] ?? 0) + (bars[i]?.value ?? 0));
  const lowest = Math.min(...tops, ...base.filter((b) => b > 0), ...levels);
  const span = Math.max(...tops) - lowest;
  const floor = Math.max(0, lowest - Math.max(span * 1.5, Math.max(...tops) * 0.01));
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 24, bottom: 4, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? (params as { dataIndex: number }[]) : [];
        const i = list[0]?.dataIndex ?? 0;
        const s = steps[i];
        if (!s) return '';
        const sign = s.kind === 'gain' ? '+' : s.kind === 'loss' ? '−' : '';
        return `${s.label}: ${sign}${formatValue(s.value, unit)}`;
      },
    },
    xAxis: {
      type: 'category',
      data: steps.map((s) => s.label),
      axisLabel: { ...FONT, color: p.text, interval: 0, hideOverlap: true },
      axisLine: { lineStyle: { color: p.border } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      min: floor > 0 ? Math.floor(floor / 1000) * 1000 : 0,
      // The cut-off floor is not a round tick: its label would crowd the first round one.
      axisLabel: { ...axisLabel(unit), showMinLabel: floor <= 0 },
      splitLine: { lineStyle: { color: p.border, type: 'dashed' } },
    },
    series: [
      { type: 'bar', stack: 'w', silent: true, itemStyle: { color: 'transparent' }, data: base },
      {
        type: 'bar',
        stack: 'w',
        barMaxWidth: 48,
        data: bars,
        label: {
          show: true,
          position: 'top',
          ...FONT,
          color: p.text,
          formatter: (v: { dataIndex: number }) => {
            const s = steps[v.dataIndex];
            if (!s) return '';
            const sign = s.kind === 'gain' ? '+' : s.kind === 'loss' ? '−' : '';
            return `${sign}${formatShort(s.value, unit)}`;
          },
        },
      },
    ],
  };
}

/** Bars on the left axis and a line on the right (weekly events and active users). */
export function barLineOption(
  labels: readonly string[],
  bars: { name: string; values: readonly number[]; unit: string },
  line: { name: string; values: readonly (number | null)[]; unit: string },
): ChartOption {
  const p = palette();
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 30, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', confine: true },
    legend: { type: 'scroll', top: 0, left: 0, right: 0, textStyle: { ...FONT, color: p.text } },
    xAxis: {
      type: 'category',
      data: [...labels],
      axisLabel: { ...FONT, color: p.muted, hideOverlap: true },
      axisLine: { lineStyle: { color: p.border } },
    },
    yAxis: [
      {
        type: 'value',
        ...valueAxisBase(bars.unit),
        axisLabel: axisLabel(bars.unit),
        splitLine: { lineStyle: { color: p.border, type: 'dashed' } },
      },
      {
        type: 'value',
        ...valueAxisBase(line.unit),
        axisLabel: axisLabel(line.unit),
        splitLine: { show: false },
      },
    ],
    series: [
      {
        type: 'bar',
        name: bars.name,
        data: [...bars.values],
        itemStyle: { color: p.accent, opacity: 0.75 },
        barMaxWidth: 18,
      },
      {
        type: 'line',
        name: line.name,
        yAxisIndex: 1,
        data: [...line.values],
        symbolSize: 4,
        lineStyle: { color: p['accent-3'], width: 2 },
        itemStyle: { color: p['accent-3'] },
      },
    ],
  };
}

/** Categorical colours for many series (agents). */
export function seriesColors(): string[] {
  const p = palette();
  return [p.accent, p['accent-2'], p['accent-3'], '#d97706', '#7c3aed', '#0891b2', '#65a30d', '#be123c'];
}
