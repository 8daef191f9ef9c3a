import { describe, expect, it } from "vitest";
import { DEVIATION_HELP, ratingRange, shortTag } from "../src/game/names";
import { shotsFired } from "../src/game/shots";
import type { MatchView } from "../src/api/types";

describe("shortTag", () => {
  it("is the last four hex digits of the id, so two Alices differ", () => {
    expect(shortTag("0b1e7f3c-2a9d-4c1e-9f00-00000000a1b2")).toBe("#a1b2");
    expect(shortTag("0b1e7f3c-2a9d-4c1e-9f00-0000000000C3")).toBe("#00c3");
    expect(shortTag("0b1e7f3c-2a9d-4c1e-9f00-00000000a1b2")).not.toBe(
      shortTag("0b1e7f3c-2a9d-4c1e-9f00-00000000a1b3"),
    );
  });
});

describe("ratingRange", () => {
  it("is the rating ± 2 × deviation, rounded", () => {
    expect(ratingRange(1500, 350)).toEqual({ low: 800, high: 2200 });
    expect(ratingRange(1612.4, 60.2)).toEqual({ low: 1492, high: 1733 });
    expect(DEVIATION_HELP).toMatch(/2 × deviation/);
  });
});

describe("shotsFired", () => {
  it("counts each player's shots from the board it fired at, not both players' turns", () => {
    const view = {
      boards: [
        { owner: 0, misses: [1, 2], hits: [3], sunkShips: [], fleetPlaced: true },
        { owner: 1, misses: [4, 5, 6], hits: [7], sunkShips: [], fleetPlaced: true },
      ],
    } as unknown as MatchView;
    expect(shotsFired(view)).toEqual([4, 3]);
  });
});
