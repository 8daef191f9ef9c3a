/** A small history-API router: paths are real URLs, which the gateway's SPA fallback serves. */
import { Store } from "../stores/store";

export const route = new Store<string>(globalThis.location?.pathname ?? "/");

export function navigate(path: string, replace = false): void {
  if (path === route.value) return;
  if (replace) globalThis.history.replaceState({}, "", path);
  else globalThis.history.pushState({}, "", path);
  route.set(path);
  globalThis.scrollTo?.(0, 0);
}

globalThis.addEventListener?.("popstate", () => route.set(globalThis.location.pathname));

/** Matches a pattern like `/match/:id`; answers the parameters or null. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(s[i]!);
    else if (part !== s[i]) return null;
  }
  return params;
}

/** Intercepts clicks on same-origin links so they navigate without a reload. */
export function onLinkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
  const a = (e.target as Element | null)?.closest?.("a");
  const href = a?.getAttribute("href");
  if (!a || !href || !href.startsWith("/") || a.target) return;
  e.preventDefault();
  navigate(href);
}
