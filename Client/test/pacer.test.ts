import { describe, expect, it, vi } from "vitest";
import { Pacer, type PacerClock } from "../src/stores/pacer";

/** A hand-moved clock: timers run when the test moves time past them. */
function manualClock() {
  let now = 1000;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let ids = 0;
  const clock: PacerClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      ids += 1;
      timers.push({ at: now + ms, run, id: ids });
      return ids;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    due.forEach((t) => t.run());
  };
  return { clock, advance, pending: () => timers.length };
}

describe("Pacer", () => {
  it("runs steps at once and in order when nothing holds them", () => {
    const { clock } = manualClock();
    const pacer = new Pacer(() => 600, clock);
    const seen: string[] = [];
    pacer.push(() => seen.push("a"));
    pacer.push(() => seen.push("b"), true);
    expect(seen).toEqual(["a", "b"]);
  });

  it("holds an answer, and all that follows it, until the pause after the own shot is over", () => {
    const { clock, advance } = manualClock();
    const pacer = new Pacer(() => 600, clock);
    const seen: string[] = [];
    pacer.push(() => {
      seen.push("own shot");
      pacer.hold();
    });
    pacer.push(() => seen.push("agent's shot"), true);
    pacer.push(() => seen.push("view"));
    expect(seen).toEqual(["own shot"]);
    expect(pacer.waiting).toBe(2);
    advance(599);
    expect(seen).toEqual(["own shot"]);
    advance(1);
    expect(seen).toEqual(["own shot", "agent's shot", "view"]);
    expect(pacer.waiting).toBe(0);
  });

  it("does not pause an answer that comes after the pause", () => {
    const { clock, advance, pending } = manualClock();
    const pacer = new Pacer(() => 600, clock);
    const seen: string[] = [];
    pacer.push(() => pacer.hold());
    advance(700);
    pacer.push(() => seen.push("later answer"), true);
    expect(seen).toEqual(["later answer"]);
    expect(pending()).toBe(0);
  });

  it("with a delay of 0 never waits", () => {
    const { clock } = manualClock();
    const pacer = new Pacer(() => 0, clock);
    const seen: string[] = [];
    pacer.push(() => pacer.hold());
    pacer.push(() => seen.push("answer"), true);
    expect(seen).toEqual(["answer"]);
  });

  it("flushes what waits at once, and drops it when disposed", () => {
    const { clock, advance, pending } = manualClock();
    const pacer = new Pacer(() => 600, clock);
    const seen: string[] = [];
    pacer.push(() => pacer.hold());
    pacer.push(() => seen.push("one"), true);
    pacer.flush();
    expect(seen).toEqual(["one"]);
    expect(pending()).toBe(0);
    pacer.push(() => pacer.hold());
    pacer.push(() => seen.push("two"), true);
    pacer.dispose();
    advance(1000);
    expect(seen).toEqual(["one"]);
    expect(pacer.waiting).toBe(0);
  });

  it("uses the page's clock and timers by default", () => {
    vi.useFakeTimers();
    try {
      const pacer = new Pacer(() => 600);
      const seen: string[] = [];
      pacer.push(() => pacer.hold());
      pacer.push(() => seen.push("answer"), true);
      vi.advanceTimersByTime(599);
      expect(seen).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(seen).toEqual(["answer"]);
    } finally {
      vi.useRealTimers();
    }
  });
});
