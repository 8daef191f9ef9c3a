import type { MatchView, ShotView } from "../src/api/types";
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

/** Alice's match against the Density agent, in progress at turn 4 and hers to fire: a test changes what it needs. */
export const matchView = (change: Partial<MatchView> = {}): MatchView => ({
  matchId: "m1",
  roomId: null,
  status: "InProgress",
  role: "PlayerOne",
  players: [
    { kind: "User", id: "u1", displayName: "Alice" },
    { kind: "Agent", id: "a1", displayName: "Density" },
  ],
  rules: { rows: 10, columns: 10, fleet: [], shipsMayTouch: true, hitKeepsTurn: false },
  turnNumber: 4,
  currentPlayer: 0,
  turnDeadline: null,
  boards: [],
  lastShot: null,
  winner: null,
  endReason: null,
  chat: [],
  turnSeconds: 60,
  firstPlayer: 0,
  ...change,
});

/** A board as a match view shows it: nothing fired at yet, the fleet placed, its ships hidden unless given. */
export const boardView = (owner: number, ships: MatchView["boards"][number]["ships"] = null) => ({
  owner,
  misses: [] as number[],
  hits: [] as number[],
  sunkShips: [],
  ships,
  fleetPlaced: true,
});

/** A shot as the match hub announces it: a miss, unless changed. */
export const shotView = (
  turnNumber: number,
  player: number,
  cell: number,
  change: Partial<ShotView> = {},
): ShotView => ({
  turnNumber,
  player,
  cell,
  outcome: "Miss",
  sunkShip: null,
  sunkCells: null,
  ...change,
});

/** What the match hub says of shot `s` in match m1 (`shotFired`), no turn deadline. */
export const shotFired = (s: ShotView, nextPlayer: number | null) => ({
  matchId: "m1",
  turnNumber: s.turnNumber,
  shot: s,
  nextPlayer,
  turnDeadline: null,
});
