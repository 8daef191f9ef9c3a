import { useState } from "preact/hooks";
import { getServices } from "../../../services";
import { Board, Legend } from "../../components/Board";
import { describeError } from "../../../api/http";
import { cellStates } from "../../../game/board";
import type { MatchView } from "../../../api/types";
import type { ReportError } from "../../components/Problem";

/**
 * The two boards in play: the viewer's fleet and the waters they fire at (or both, watching), each
 * with its last shot marked. On a narrow screen the board the viewer fires at comes first (CSS).
 */
export function Boards({ view, onError }: { view: MatchView; onError: ReportError }) {
  const { hubs, match } = getServices();
  const seat = match.seat(view);
  const size = view.rules.rows * view.rules.columns;
  const mine = seat ?? 0;
  const target = seat === null ? 1 : 1 - seat;
  const myTurn = match.myTurn(view);
  const [busy, setBusy] = useState(false);
  const lastAt = (owner: number) => match.lastShotAt(owner)?.cell ?? null;
  const fire = async (cell: number) => {
    if (!myTurn || busy) return;
    const board = view.boards[target];
    if (board && (board.hits.includes(cell) || board.misses.includes(cell))) {
      onError("You already fired there.");
      return;
    }
    setBusy(true);
    onError(null);
    try {
      await hubs.fire(view.matchId, cell, view.turnNumber);
    } catch (e) {
      onError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const resign = async () => {
    if (!globalThis.confirm("Give up this match?")) return;
    try {
      await hubs.resign(view.matchId);
    } catch (e) {
      onError(describeError(e));
    }
  };
  return (
    <section class="boards" aria-label="Boards">
      <Board
        testId="own-board"
        label={seat === null ? `${match.playerName(0)}'s fleet` : "Your fleet"}
        rows={view.rules.rows}
        columns={view.rules.columns}
        states={cellStates(view.boards[mine]!, size)}
        last={lastAt(mine)}
        class="own"
      />
      <Board
        testId="target-board"
        label={
          seat === null
            ? `${match.playerName(1)}'s fleet`
            : `Enemy waters (${match.playerName(target)})`
        }
        rows={view.rules.rows}
        columns={view.rules.columns}
        states={cellStates(view.boards[target]!, size)}
        last={lastAt(target)}
        class="target"
        onChoose={seat === null ? undefined : fire}
        active={myTurn && !busy}
      />
      <Legend last />
      {seat !== null && view.status !== "Finished" && (
        <p class="muted">
          Fire by clicking a cell, or move with the arrow keys and press Enter.{" "}
          <button type="button" class="link danger" onClick={resign}>
            Resign
          </button>
        </p>
      )}
    </section>
  );
}
