import { getServices } from "../../../services";
import { useStore } from "../../hooks";
import { Problem } from "../../components/Problem";
import { Boards } from "./Boards";
import { Chat } from "./Chat";
import { EndBanner } from "./EndBanner";
import { MatchHeader } from "./MatchHeader";
import { MatchLog } from "./MatchLog";
import { PlaceFleet } from "./PlaceFleet";
import { Presence } from "./Presence";
import { useMatchFeed } from "./useMatchFeed";

/**
 * A match, live: placing the fleet, then the boards, with who is here, the chat and the history.
 * Results and turn changes are announced in words in one polite live region (the countdown is not).
 */
export function Match({ id }: { id: string }) {
  const { match } = getServices();
  const state = useStore(match.state);
  const [error, setError] = useMatchFeed(id);

  const view = state.view;
  if (!view) return error ? <Problem text={error} /> : <p aria-busy="true">Joining the match…</p>;
  const seat = match.seat(view);
  const placing = view.status === "Placing" && seat !== null && !view.boards[seat]?.fleetPlaced;

  return (
    <div class="match">
      <MatchHeader view={view} connection={state.connection} />
      <p class="sr-only" role="status" aria-live="polite" data-testid="announcement">
        {state.announcement}
      </p>
      <Problem text={error} />
      {view.status === "Finished" && <EndBanner view={view} />}
      {placing ? (
        <PlaceFleet view={view} onError={setError} />
      ) : (
        <Boards view={view} onError={setError} />
      )}
      <div class="match-side">
        <Presence view={view} />
        <Chat view={view} onError={setError} />
        <MatchLog entries={state.log} />
      </div>
    </div>
  );
}
