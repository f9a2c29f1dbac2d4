// A chart in an element: ECharts (only the parts we use, dark), rendered by `render` on mount, on `refresh()` and
// when its box (or with it the screen's type scale) changes (1080p → 4K), disposed with the component.
import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** The root font size in px: the wall's type scale (about 15 px at 1920 wide, 30 px at 3840). */
export function rem(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 15;
}

/** Axis styling for the dark wall, sized to the type scale. */
export function axisStyle(r = rem()) {
  return {
    axisLine: { lineStyle: { color: '#3a4b5e' } },
    axisTick: { lineStyle: { color: '#3a4b5e' } },
    axisLabel: { color: '#a9bccf', fontSize: Math.round(0.8 * r) },
    splitLine: { lineStyle: { color: '#1f2c3a' } },
  };
}

export function useEChart(el: Ref<HTMLElement | undefined>, render: (rem: number) => echarts.EChartsCoreOption) {
  let chart: echarts.ECharts | null = null;
  let ro: ResizeObserver | null = null;
  const draw = () => {
    if (!chart) return;
    chart.setOption(render(rem()), { notMerge: true, lazyUpdate: true });
  };
  onMounted(() => {
    chart = echarts.init(el.value!, undefined, { renderer: 'canvas' });
    draw();
    // a new box may hold another number of rows (CategoryChart fits its bars to its height): draw again
    ro = new ResizeObserver(() => {
      chart?.resize();
      draw();
    });
    ro.observe(el.value!);
  });
  onBeforeUnmount(() => {
    ro?.disconnect();
    chart?.dispose();
    chart = null;
  });
  return { refresh: draw };
}
