import { getServices } from "../../../services";
import { endReasonSentence } from "../../../game/outcome";
import type { MatchView } from "../../../api/types";

/** The result of a finished match, with links to its replay and the lobby. */
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
    </section>
  );
}
