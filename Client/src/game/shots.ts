import type { MatchView } from "../api/types";

/**
 * How many shots each seat has fired, from the boards: seat p fired at the other seat's board, so
 * its shots are that board's misses and hits. (The match's turnNumber counts both players' shots.)
 */
export function shotsFired(view: Pick<MatchView, "boards">): [number, number] {
  const received = (owner: number) => {
    const board = view.boards.find((b) => b.owner === owner);
    return board ? board.misses.length + board.hits.length : 0;
  };
  return [received(1), received(0)];
}
