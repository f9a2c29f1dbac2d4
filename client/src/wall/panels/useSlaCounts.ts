// Open appeals by district and SLA state, from the server; refreshed every 30 s and soon after appeals change.
import { onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { api } from '../../api/http';
import { useLive } from '../../live/store';

export interface SlaCounts {
  items: { district: string | null; sla: string; n: number }[];
  total: Record<string, number>;
}

export function useSlaCounts() {
  const counts = ref<SlaCounts>({ items: [], total: {} });
  const live = useLive();
  let timer = 0;
  let soon = 0;
  const load = () => api<SlaCounts>('/api/stats/sla').then((r) => (counts.value = r)).catch(() => undefined);
  onMounted(() => {
    void load();
    timer = window.setInterval(load, 30_000);
  });
  watch(
    () => live.version,
    () => {
      if (!soon) soon = window.setTimeout(() => ((soon = 0), void load()), 5000);
    },
  );
  onBeforeUnmount(() => {
    clearInterval(timer);
    clearTimeout(soon);
  });
  const of = (district: string, sla: string) => counts.value.items.find((x) => x.district === district && x.sla === sla)?.n ?? 0;
  return { counts, of };
}
