// The current time, ticking every second (for the wall's header clock).
import { onBeforeUnmount, onMounted, ref } from 'vue';

export function useClock(everyMs = 1000) {
  const now = ref(new Date());
  let timer = 0;
  onMounted(() => (timer = window.setInterval(() => (now.value = new Date()), everyMs)));
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
