// `?` help on every page: one open/closed state for the whole app (App.vue binds `?` and Esc, the wall's button
// toggles it too) and the keys each page answers to, shown by HelpOverlay.vue with the page's own description.
import { ref } from 'vue';

export const helpOpen = ref(false);
export const toggleHelp = () => (helpOpen.value = !helpOpen.value);

/** The pages that have a description under `work.help.pages`. */
export const helpPages = ['wall', 'appeals', 'new-appeal', 'appeal', 'problems', 'login', 'confirm'] as const;
export type HelpPage = (typeof helpPages)[number];

export const isHelpPage = (name: unknown): name is HelpPage => helpPages.includes(name as HelpPage);

/** [key, message key] pairs of a page's own shortcuts, then the two every page has. */
export function helpKeys(page: HelpPage | null): [string, string][] {
  const own: Partial<Record<HelpPage, [string, string][]>> = {
    wall: [
      ['f', 'help.fullscreen'],
      ['l', 'help.language'],
      ['1–4', 'help.layers'],
    ],
    appeals: [
      ['j / ↓', 'work.help.down'],
      ['k / ↑', 'work.help.up'],
      ['Enter', 'help.open'],
      ['/', 'help.search'],
      ['n', 'work.help.newAppeal'],
    ],
  };
  return [...((page && own[page]) ?? []), ['?', 'help.help'], ['Esc', 'help.close']];
}
