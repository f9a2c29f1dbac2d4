// Keyboard shortcuts for a view; ignored while typing in a field.
import { onBeforeUnmount, onMounted } from 'vue';

export function useKeys(map: Record<string, (e: KeyboardEvent) => void>) {
  const onKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const f = map[e.key];
    if (f) {
      e.preventDefault();
      f(e);
    }
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
