import { describe, expect, it } from "vitest";
import {
  AGENT_DEFAULT,
  AGENT_PRESETS,
  HUMAN_DEFAULT,
  HUMAN_PRESETS,
  UNTIMED,
  describeTimeControl,
  formatSeconds,
  presetLabel,
  secondsLeft,
  timeoutRule,
} from "../src/game/timeControl";

describe("secondsLeft", () => {
  const start = Date.parse("2026-12-07T09:00:00.000Z");
  const deadline = new Date(start + 60_000).toISOString();

  it("shows 60 on a fresh 60 s turn, and never more, even when the browser's clock is behind the server's", () => {
    // the deadline is the server's start + 60 s; a browser clock behind it by up to a second
    // would round 60.x up to 61 without the cap
    for (const behind of [0, 1, 250, 500, 999, 1500, 5000]) {
      expect(secondsLeft(deadline, start - behind, 60)).toBe(60);
    }
    for (let ms = 0; ms <= 61_000; ms += 250) {
      expect(secondsLeft(deadline, start - 400 + ms, 60)!).toBeLessThanOrEqual(60);
    }
  });

  it("counts down in whole seconds and stops at zero", () => {
    expect(secondsLeft(deadline, start + 30_000, 60)).toBe(30);
    expect(secondsLeft(deadline, start + 30_001, 60)).toBe(30);
    expect(secondsLeft(deadline, start + 59_999, 60)).toBe(1);
    expect(secondsLeft(deadline, start + 60_000, 60)).toBe(0);
    expect(secondsLeft(deadline, start + 90_000, 60)).toBe(0);
  });

  it("has nothing to show without a deadline (untimed, or not the clock's turn)", () => {
    expect(secondsLeft(null, start, 60)).toBeNull();
    expect(secondsLeft(undefined, start, 0)).toBeNull();
  });

  it("does not cap when the turn's length is unknown", () => {
    expect(secondsLeft(deadline, start - 500)).toBe(61);
  });
});

describe("time controls", () => {
  it("offers 15 s, 30 s, 60 s (default), 2 min and untimed to people", () => {
    expect(HUMAN_PRESETS).toEqual([15, 30, 60, 120, UNTIMED]);
    expect(HUMAN_DEFAULT).toBe(60);
  });

  it("is untimed by default against an agent, with generous clocks to choose", () => {
    expect(AGENT_DEFAULT).toBe(UNTIMED);
    expect(AGENT_PRESETS[0]).toBe(UNTIMED);
    expect(AGENT_PRESETS).toContain(300);
  });

  it("says the time control and what happens when time runs out", () => {
    expect(formatSeconds(15)).toBe("15 s");
    expect(formatSeconds(60)).toBe("60 s");
    expect(formatSeconds(120)).toBe("2 min");
    expect(formatSeconds(90)).toBe("1 min 30 s");
    expect(describeTimeControl(60)).toBe("60 s a shot");
    expect(describeTimeControl(0)).toBe("Untimed");
    expect(describeTimeControl(undefined)).toBe("Untimed");
    expect(timeoutRule(60)).toBe("60 s a shot — a player who runs out loses the match.");
    expect(timeoutRule(0)).toBe("Untimed — no clock, take your time.");
    expect(presetLabel(0)).toBe("Untimed (no clock)");
    expect(presetLabel(120)).toBe("2 min a shot");
  });
});
