import { describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { usePlacement } from "../src/ui/views/match/usePlacement";
import type { BoardRules } from "../src/game/board";
import { classicRules } from "./fixtures";

/** A 5×5 board with a cruiser and a destroyer that may not touch. */
const rules: BoardRules = {
  ...classicRules,
  rows: 5,
  columns: 5,
  shipsMayTouch: false,
  fleet: classicRules.fleet.filter((s) => s.type === "Cruiser" || s.type === "Destroyer"),
};

/** Renders the hook in a component and answers its latest result. */
function mount(onError = vi.fn()) {
  const seen: { current: ReturnType<typeof usePlacement> | null } = { current: null };
  function Harness() {
    seen.current = usePlacement(rules, onError);
    return null;
  }
  act(() => render(<Harness />, document.createElement("div")));
  const get = () => seen.current!;
  const run = (f: (p: ReturnType<typeof usePlacement>) => void) => act(() => f(get()));
  return { get, run, onError };
}

describe("usePlacement", () => {
  it("starts with the first ship in hand, across, and nothing placed", () => {
    const { get } = mount();
    expect(get().selected).toBe("Cruiser");
    expect(get().orientation).toBe("Horizontal");
    expect(get().layout).toEqual([]);
    expect(get().problems.map((p) => p.message)).toEqual([
      "Place your Cruiser (3 cells).",
      "Place your Destroyer (2 cells).",
    ]);
    expect(get().partial).toEqual([]);
  });

  it("puts the ship in hand down and takes the next one", () => {
    const { get, run, onError } = mount();
    run((p) => p.choose(0));
    expect(get().layout).toEqual([
      { ship: "Cruiser", row: 0, column: 0, orientation: "Horizontal" },
    ]);
    expect(get().selected).toBe("Destroyer");
    expect(get().states.slice(0, 4)).toEqual(["ship", "ship", "ship", "water"]);
    expect(onError).toHaveBeenLastCalledWith(null);
  });

  it("refuses a ship that runs off the board or touches another, and says why", () => {
    const { get, run, onError } = mount();
    run((p) => p.choose(3));
    expect(onError).toHaveBeenLastCalledWith("Cruiser runs off the board.");
    expect(get().layout).toEqual([]);
    run((p) => p.choose(0));
    run((p) => p.choose(5));
    expect(onError).toHaveBeenLastCalledWith("Destroyer touches the Cruiser.");
    expect(get().layout).toHaveLength(1);
  });

  it("previews the ship in hand where the pointer is", () => {
    const { get, run } = mount();
    run((p) => p.hover(10));
    expect(get().preview).toEqual({ cells: [10, 11, 12], valid: true });
    run((p) => p.hover(13));
    expect(get().preview).toEqual({ cells: [13, 14], valid: false });
    run((p) => p.hover(null));
    expect(get().preview).toBeUndefined();
  });

  it("turns the ship in hand, or else the last one placed when it fits", () => {
    const { get, run, onError } = mount();
    run((p) => p.turn());
    expect(get().orientation).toBe("Vertical");
    run((p) => p.choose(0));
    run((p) => p.choose(4));
    expect(get().selected).toBeNull();
    expect(get().problems).toEqual([]);
    run((p) => p.turn());
    expect(get().layout[1]?.orientation).toBe("Vertical");
    expect(onError).toHaveBeenLastCalledWith("The Destroyer cannot turn there.");
    run((p) => p.pick("Destroyer"));
    run((p) => p.choose(3));
    run((p) => p.turn());
    expect(get().layout[1]).toEqual({
      ship: "Destroyer",
      row: 0,
      column: 3,
      orientation: "Horizontal",
    });
  });

  it("picks a placed ship up again, by its cell or by its name", () => {
    const { get, run } = mount();
    run((p) => p.choose(0));
    run((p) => p.select(null));
    run((p) => p.choose(1));
    expect(get().selected).toBe("Cruiser");
    expect(get().layout).toEqual([]);
    run((p) => p.choose(20));
    run((p) => p.pick("Cruiser"));
    expect(get().selected).toBe("Cruiser");
    expect(get().layout.map((p) => p.ship)).toEqual([]);
  });

  it("lays a random valid fleet, and clears it", () => {
    const { get, run, onError } = mount();
    run((p) => p.random(7));
    expect(get().layout).toHaveLength(2);
    expect(get().problems).toEqual([]);
    expect(get().selected).toBeNull();
    expect(onError).toHaveBeenLastCalledWith(null);
    run((p) => p.clear());
    expect(get().layout).toEqual([]);
    expect(get().selected).toBe("Cruiser");
  });
});
