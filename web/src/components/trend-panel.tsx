/**
 * A panel holding one line chart of a page's monthly trend query: the trend loads after the page's figures,
 * so the chart shows the trend's own loading and error states in place.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Chart } from './chart.js';
import type { ChartOption } from './chart-options.js';
import { Panel } from './page.js';
import { Async } from './states.js';

export function TrendPanel({
  title,
  id,
  aside,
  query,
  height,
  option,
  label,
}: {
  title: ReactNode;
  id: string;
  aside?: ReactNode;
  query: UseQueryResult<unknown, unknown>;
  height?: number;
  /** Built from whatever of the trend has arrived (nothing while loading): drawn only once the query has data. */
  option: ChartOption;
  label: string;
}) {
  return (
    <Panel title={title} id={id} aside={aside}>
      <Async query={query} what="the trend">
        {() => <Chart height={height} option={option} label={label} />}
      </Async>
    </Panel>
  );
}
