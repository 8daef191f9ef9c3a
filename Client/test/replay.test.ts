import { describe, expect, it } from "vitest";
import { describeMove, frameAt, type ReplayLike } from "../src/game/replay";
import { cellName } from "../src/game/board";

const replay: ReplayLike = {
  fleets: [[{ type: "Destroyer", cells: [0, 1] }], [{ type: "Destroyer", cells: [10, 11] }]],
  moves: [
    {
      number: 1,
      player: 0,
      kind: "Shot",
      shot: { turnNumber: 1, player: 0, cell: 10, outcome: "Hit", sunkShip: null, sunkCells: null },
      at: "",
    },
    {
      number: 2,
      player: 1,
      kind: "Shot",
      shot: {
        turnNumber: 2,
        player: 1,
        cell: 50,
        outcome: "Miss",
        sunkShip: null,
        sunkCells: null,
      },
      at: "",
    },
    {
      number: 3,
      player: 0,
      kind: "Shot",
      shot: {
        turnNumber: 3,
        player: 0,
        cell: 11,
        outcome: "Win",
        sunkShip: "Destroyer",
        sunkCells: [10, 11],
      },
      at: "",
    },
  ],
};

describe("frameAt", () => {
  it("starts with both fleets and no shots", () => {
    const f = frameAt(replay, 0);
    expect(f.last).toBeNull();
    expect(f.boards[0].ships).toEqual(replay.fleets[0]);
    expect(f.boards[1].hits).toEqual([]);
  });

  it("puts each shot on the other player's board", () => {
    const f = frameAt(replay, 2);
    expect(f.boards[1].hits).toEqual([10]);
    expect(f.boards[0].misses).toEqual([50]);
    expect(f.last?.number).toBe(2);
  });

  it("records sunk ships and clamps the step", () => {
    const f = frameAt(replay, 99);
    expect(f.step).toBe(3);
    expect(f.boards[1].sunkShips).toEqual([{ type: "Destroyer", cells: [10, 11] }]);
    expect(frameAt(replay, -4).step).toBe(0);
  });

  it("skips moves without a shot and hidden fleets", () => {
    const f = frameAt(
      {
        fleets: [null, null],
        moves: [{ number: 1, player: 0, kind: "Resign", shot: null, at: "" }],
      },
      1,
    );
    expect(f.boards[0].ships).toBeNull();
    expect(f.boards[1].hits).toEqual([]);
  });
});

describe("describeMove", () => {
  const name = (c: number) => cellName(c, 10);
  it("names the shooter, the cell and the outcome", () => {
    expect(describeMove(replay.moves[0]!, ["Alice", "Bob"], name)).toBe("Alice fires at B1: hit");
    expect(describeMove(replay.moves[2]!, ["Alice", "Bob"], name)).toBe(
      "Alice fires at B2: sunk Destroyer and won",
    );
    expect(
      describeMove({ number: 4, player: 1, kind: "Resign", shot: null, at: "" }, ["Alice"], name),
    ).toBe("Player 2: resign");
  });
});
