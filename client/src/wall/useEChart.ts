// A chart in an element: ECharts (only the parts we use), resized with its box, disposed with the component.
import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function useEChart(el: Ref<HTMLElement | undefined>) {
  let chart: echarts.ECharts | null = null;
  let ro: ResizeObserver | null = null;
  onMounted(() => {
    chart = echarts.init(el.value!, undefined, { renderer: 'canvas' });
    ro = new ResizeObserver(() => chart?.resize());
    ro.observe(el.value!);
  });
  onBeforeUnmount(() => {
    ro?.disconnect();
    chart?.dispose();
  });
  return {
    set(option: echarts.EChartsCoreOption, replace = false) {
      chart?.setOption(option, { notMerge: replace, lazyUpdate: true });
    },
  };
}

export const axisStyle = {
  axisLine: { lineStyle: { color: '#3a4b5e' } },
  axisLabel: { color: '#9fb3c8', fontSize: 12 },
  splitLine: { lineStyle: { color: '#1f2c3a' } },
};
