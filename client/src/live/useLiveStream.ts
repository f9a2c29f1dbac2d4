// The live stream for a view: starts the tab's one connection (idempotent) and exposes its state and picture.
import { computed, onMounted } from 'vue';
import { useLive } from './store';

export function useLiveStream() {
  const live = useLive();
  onMounted(() => void live.start());
  return {
    live,
    state: computed(() => live.conn),
    data: live.data,
    /** changes with every merged batch */
    version: computed(() => live.version),
    /** changes at most once a second: for panels that aggregate many points */
    panelVersion: computed(() => live.panelVersion),
  };
}
