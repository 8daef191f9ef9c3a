import { getServices } from "../../../services";
import { endReasonSentence } from "../../../game/outcome";
import type { MatchView } from "../../../api/types";
import { PlayAgain, RoomRematch } from "./Rematch";

/**
 * The result of a finished match, with links to its replay and the lobby, and a way to play on:
 * "Play again" against an agent, a rematch between the two people of a room.
 */
export function EndBanner({ view }: { view: MatchView }) {
  const { match } = getServices();
  const seat = match.seat(view);
  const won = seat !== null && view.winner === seat;
  const text =
    seat === null ? `${match.playerName(view.winner ?? 0)} wins` : won ? "You won!" : "You lost";
  return (
    <section class={`end ${won ? "won" : "lost"}`} role="status" data-testid="end">
      <h2>{text}</h2>
      <p>
        {endReasonSentence(view.endReason)} <a href={`/replay/${view.matchId}`}>Watch the replay</a>{" "}
        · <a href="/">Back to the lobby</a>
      </p>
      {view.players.some((p) => p.kind === "Agent") ? (
        <PlayAgain view={view} />
      ) : (
        view.roomId && <RoomRematch view={view} />
      )}
    </section>
  );
}
