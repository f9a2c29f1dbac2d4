// Hooks for the browser tests and `npm run bench:wall` on `window.__centre` (points drawn, frame times, the map,
// whether an event is in the picture, the connection state). They exist only in a test build
// (`vite build --mode test`, made by tests/helpers/browser.ts): in any other build `TEST_HOOKS` is the constant
// false, so the bundler drops the guarded calls and production bundles hold no `__centre`.
export const TEST_HOOKS = import.meta.env.MODE === 'test';

/** Adds hooks to `window.__centre`; call it only under `if (TEST_HOOKS)`. */
export function exposeTestHooks(hooks: Record<string, unknown>): void {
  const w = window as unknown as { __centre?: Record<string, unknown> };
  w.__centre = Object.assign(w.__centre ?? {}, hooks);
}
