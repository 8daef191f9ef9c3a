/** The replay's boards at any point of the move log (both fleets shown once the log is public). */
import type { BoardLike } from "./board";
import type { MatchReplay, ReplayMove } from "../api/types";

/**
 * The parts of a replay that the frames need. A fleet the viewer may not see yet is null (the
 * OpenAPI document does not say that the inner lists are nullable).
 */
export interface ReplayLike extends Pick<MatchReplay, "moves"> {
  fleets: ReadonlyArray<MatchReplay["fleets"][number] | null>;
}

/** A frame: the two boards after `step` moves, and the move that led there. */
export interface ReplayFrame {
  step: number;
  boards: [BoardLike, BoardLike];
  last: ReplayMove | null;
}

/** The boards after the first `step` moves (0 = before any shot). */
export function frameAt(replay: ReplayLike, step: number): ReplayFrame {
  const n = Math.max(0, Math.min(step, replay.moves.length));
  const boards: [MutableBoard, MutableBoard] = [emptyBoard(replay, 0), emptyBoard(replay, 1)];
  for (const move of replay.moves.slice(0, n)) {
    const shot = move.shot;
    if (move.kind !== "Shot" || !shot) continue;
    const target = boards[shot.player === 0 ? 1 : 0];
    if (shot.outcome === "Miss") {
      target.misses.push(shot.cell);
    } else {
      target.hits.push(shot.cell);
    }
    if (shot.sunkShip && shot.sunkCells) {
      target.sunkShips.push({ type: shot.sunkShip, cells: [...shot.sunkCells] });
    }
  }
  return { step: n, boards, last: n > 0 ? (replay.moves[n - 1] ?? null) : null };
}

type MutableBoard = Required<BoardLike>;

function emptyBoard(replay: ReplayLike, owner: number): MutableBoard {
  return { misses: [], hits: [], sunkShips: [], ships: replay.fleets[owner] ?? null };
}

/** Describes a move for the timeline ("Alice fires at C4: hit"). */
export function describeMove(
  move: ReplayMove,
  names: readonly string[],
  cellName: (cell: number) => string,
): string {
  const who = names[move.player] ?? `Player ${move.player + 1}`;
  if (move.kind === "Shot" && move.shot) {
    const what =
      move.shot.outcome === "Sunk" || move.shot.outcome === "Win"
        ? `sunk ${move.shot.sunkShip ?? "a ship"}${move.shot.outcome === "Win" ? " and won" : ""}`
        : move.shot.outcome.toLowerCase();
    return `${who} fires at ${cellName(move.shot.cell)}: ${what}`;
  }
  return `${who}: ${move.kind.toLowerCase()}`;
}
