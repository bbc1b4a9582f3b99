/**
 * The one chart component: ECharts (only the parts used, registered here, so the bundle carries no more) with
 * the SVG renderer, sized by its container. A chart is an image to assistive technology, with a label that
 * says what it shows; everything a chart offers by clicking is also reachable as a link or a table.
 */
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartOption } from './chart-options.js';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TooltipComponent,
  SVGRenderer,
]);

export interface ChartClick {
  readonly dataIndex: number;
  readonly seriesIndex?: number;
  readonly name?: string;
}

export function Chart({
  option,
  height = 240,
  label,
  onClick,
  className,
}: {
  option: ChartOption;
  height?: number;
  label: string;
  onClick?: (e: ChartClick) => void;
  className?: string;
}) {
  return (
    <div className={`chart ${className ?? ''}`} role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        lazyUpdate
        style={{ height, width: '100%' }}
        opts={{ renderer: 'svg' }}
        {...(onClick ? { onEvents: { click: (e: ChartClick) => onClick(e) } } : {})}
      />
    </div>
  );
}
