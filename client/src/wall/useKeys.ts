// Keyboard shortcuts for a view; ignored while typing in a field. A handler that returns `false` did not use the
// key: its default (a dialog's Esc, say) goes on.
import { onBeforeUnmount, onMounted } from 'vue';

export function useKeys(map: Record<string, (e: KeyboardEvent) => unknown>) {
  const onKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const f = map[e.key];
    if (f && f(e) !== false) e.preventDefault();
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
