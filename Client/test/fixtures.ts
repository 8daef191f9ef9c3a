import type { BoardRules } from "../src/game/board";

/** The classic game: a 10×10 board and five ships that may touch. */
export const classicRules: BoardRules = {
  rows: 10,
  columns: 10,
  shipsMayTouch: true,
  fleet: [
    { type: "Carrier", length: 5 },
    { type: "Battleship", length: 4 },
    { type: "Cruiser", length: 3 },
    { type: "Submarine", length: 3 },
    { type: "Destroyer", length: 2 },
  ],
};
