import { describe, expect, it } from "vitest";
import {
  cellName,
  cellStates,
  moveCursor,
  placeAt,
  placementCells,
  randomPlacements,
  rotate,
  seededRandom,
  shipAt,
  shipLength,
  validatePlacements,
  type Placement,
} from "../src/game/board";
import type { ShipType } from "../src/api/types";
import { classicRules } from "./fixtures";

const rules = classicRules;

const valid: Placement[] = [
  { ship: "Carrier", row: 3, column: 2, orientation: "Horizontal" },
  { ship: "Battleship", row: 1, column: 0, orientation: "Vertical" },
  { ship: "Cruiser", row: 2, column: 9, orientation: "Vertical" },
  { ship: "Submarine", row: 6, column: 9, orientation: "Vertical" },
  { ship: "Destroyer", row: 5, column: 8, orientation: "Horizontal" },
];

describe("geometry", () => {
  it("names cells like A1 and lays ships towards higher columns or rows", () => {
    expect(cellName(0, 10)).toBe("A1");
    expect(cellName(37, 10)).toBe("D8");
    expect(placementCells(valid[0]!, rules)).toEqual([32, 33, 34, 35, 36]);
    expect(placementCells(valid[1]!, rules)).toEqual([10, 20, 30, 40]);
    expect(
      placementCells({ ship: "Destroyer", row: 0, column: 9, orientation: "Horizontal" }, rules),
    ).toEqual([9, -1]);
  });

  it("knows each ship's length and refuses strangers", () => {
    expect(shipLength(rules, "Cruiser")).toBe(3);
    expect(() => shipLength(rules, "Dinghy")).toThrow(/No Dinghy/);
  });

  it("moves the keyboard cursor within the board", () => {
    expect(moveCursor(0, "ArrowUp", 10, 10)).toBe(0);
    expect(moveCursor(0, "ArrowDown", 10, 10)).toBe(10);
    expect(moveCursor(0, "ArrowLeft", 10, 10)).toBe(0);
    expect(moveCursor(0, "ArrowRight", 10, 10)).toBe(1);
    expect(moveCursor(99, "ArrowDown", 10, 10)).toBe(99);
    expect(moveCursor(99, "ArrowRight", 10, 10)).toBe(99);
    expect(moveCursor(55, "Home", 10, 10)).toBe(50);
    expect(moveCursor(55, "End", 10, 10)).toBe(59);
    expect(moveCursor(55, "x", 10, 10)).toBe(55);
  });
});

describe("validatePlacements", () => {
  it("accepts the documented layout", () => {
    expect(validatePlacements(valid, rules)).toEqual([]);
  });

  it("reports overlap, off-board, unknown, duplicate and missing ships", () => {
    const problems = validatePlacements(
      [
        { ship: "Carrier", row: 0, column: 0, orientation: "Horizontal" },
        { ship: "Battleship", row: 0, column: 2, orientation: "Vertical" },
        { ship: "Cruiser", row: 9, column: 9, orientation: "Horizontal" },
        { ship: "Carrier", row: 5, column: 5, orientation: "Horizontal" },
        { ship: "Dinghy" as ShipType, row: 5, column: 5, orientation: "Horizontal" },
      ],
      rules,
    ).map((p) => p.message);
    expect(problems).toEqual([
      "Battleship overlaps the Carrier.",
      "Cruiser runs off the board.",
      "Carrier is placed twice.",
      "Dinghy is not part of this fleet.",
      "Place your Submarine (3 cells).",
      "Place your Destroyer (2 cells).",
    ]);
  });

  it("does not ask for missing ships of a partial layout", () => {
    expect(validatePlacements([valid[0]!], rules, false)).toEqual([]);
  });

  it("refuses touching ships when the rules say so", () => {
    const strict = { ...rules, shipsMayTouch: false };
    const problems = validatePlacements(
      [
        { ship: "Carrier", row: 0, column: 0, orientation: "Horizontal" },
        { ship: "Destroyer", row: 1, column: 5, orientation: "Horizontal" },
      ],
      strict,
      false,
    );
    expect(problems.map((p) => p.message)).toEqual(["Destroyer touches the Carrier."]);
  });
});

describe("editing a layout", () => {
  it("places, moves, rotates and finds ships", () => {
    let layout = placeAt([], "Destroyer", 0, "Horizontal", rules);
    expect(layout).toEqual([{ ship: "Destroyer", row: 0, column: 0, orientation: "Horizontal" }]);
    layout = placeAt(layout, "Destroyer", 55, "Vertical", rules);
    expect(layout).toEqual([{ ship: "Destroyer", row: 5, column: 5, orientation: "Vertical" }]);
    expect(rotate(layout[0]!).orientation).toBe("Horizontal");
    expect(rotate(rotate(layout[0]!))).toEqual(layout[0]);
    expect(shipAt(layout, 65, rules)?.ship).toBe("Destroyer");
    expect(shipAt(layout, 66, rules)).toBeUndefined();
  });

  it("makes valid random layouts, the same for the same seed", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const layout = randomPlacements(rules, seededRandom(seed));
      expect(validatePlacements(layout, rules)).toEqual([]);
      expect(layout.map((p) => p.ship)).toEqual(rules.fleet.map((s) => s.type));
    }
    expect(randomPlacements(rules, seededRandom(7))).toEqual(
      randomPlacements(rules, seededRandom(7)),
    );
    const strict = { ...rules, shipsMayTouch: false };
    expect(validatePlacements(randomPlacements(strict, seededRandom(3)), strict)).toEqual([]);
  });

  it("gives up on a board no fleet fits", () => {
    const tiny = { ...rules, rows: 2, columns: 2 };
    expect(() => randomPlacements(tiny, seededRandom(1))).toThrow(/No layout/);
  });
});

describe("cellStates", () => {
  it("shows ships, misses, hits and sunk ships, sunk above hit above ship", () => {
    const states = cellStates(
      {
        ships: [
          { type: "Destroyer", cells: [0, 1] },
          { type: "Cruiser", cells: [20, 21, 22] },
        ],
        misses: [5],
        hits: [0, 1, 20],
        sunkShips: [{ type: "Destroyer", cells: [0, 1] }],
      },
      100,
    );
    expect(states[0]).toBe("sunk");
    expect(states[20]).toBe("hit");
    expect(states[21]).toBe("ship");
    expect(states[5]).toBe("miss");
    expect(states[99]).toBe("water");
  });

  it("shows no ships when the view has none", () => {
    const states = cellStates({ ships: null, misses: [], hits: [3], sunkShips: [] }, 100);
    expect(states.filter((s) => s === "ship")).toHaveLength(0);
    expect(states[3]).toBe("hit");
  });
});
