import { useEffect, useRef } from "preact/hooks";
import type { LogEntry } from "../../../stores/match";

/**
 * Everything that happened in the match, each move under its real turn number, scrolled to the
 * newest line as it comes. Not a live region: the page announces results once, in its own.
 */
export function MatchLog({ entries }: { entries: readonly LogEntry[] }) {
  const list = useRef<HTMLOListElement>(null);
  const last = entries[entries.length - 1]?.key;
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [last, entries.length]);
  return (
    <section class="panel" aria-labelledby="log-title">
      <h2 id="log-title">What happened</h2>
      {/* A scrolling region a keyboard can reach (tabIndex) and a screen reader can name. */}
      <ol class="log" ref={list} tabIndex={0} aria-labelledby="log-title" data-testid="match-log">
        {entries.map((e) => (
          <li key={e.key} data-turn={e.turn ?? undefined}>
            {e.turn !== null && (
              <span class="log-turn">
                <span class="sr-only">Turn </span>
                {e.turn}.
              </span>
            )}{" "}
            {e.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
