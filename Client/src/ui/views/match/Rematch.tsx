import { useEffect, useState } from "preact/hooks";
import { getServices } from "../../../services";
import { describeError } from "../../../api/http";
import { navigate } from "../../router";
import { Problem } from "../../components/Problem";
import type { MatchView, RoomView } from "../../../api/types";

/** How often the end screen asks the room again while a rematch is on offer (no event tells it). */
export const RematchPollMs = 2000;

/**
 * The rematch of a room's match between two people, on its end screen. Each player presses
 * "Rematch"; the other sees the offer and may agree, decline or leave; when both agree the room
 * starts a new match and everyone here (players and spectators) moves to it. The offer lasts
 * five minutes after the end; declining or leaving ends it for both.
 */
export function RoomRematch({ view }: { view: MatchView }) {
  const { api, hubs, match } = getServices();
  const roomId = view.roomId!;
  const [room, setRoom] = useState<RoomView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Follows the room into its next match only when this page showed the room's current one: an
  // old match opened later (from a history) stays where it is.
  const [current, setCurrent] = useState(false);
  // The final shot's view comes before the room hears of the end: until it has, ask again too.
  const settling = room?.status === "InMatch" && room.matchId === view.matchId;
  const open = !!room?.rematch || settling;

  useEffect(() => {
    let live = true;
    const load = () =>
      api.room(roomId).then(
        (r) => {
          if (!live) return;
          setRoom(r);
          if (r.matchId === view.matchId) setCurrent(true);
        },
        () => undefined, // the next poll (or the page) tries again
      );
    void load();
    // A public room in a rematch is announced in the lobby again: react at once when it is.
    const off = hubs.on("roomUpdated", (r) => r.id === roomId && void load());
    // Otherwise no event tells this page of an offer: ask again while one is open.
    const timer = open ? setInterval(() => void load(), RematchPollMs) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
      off();
    };
  }, [roomId, open]);

  const next = current && room?.matchId && room.matchId !== view.matchId ? room.matchId : null;
  useEffect(() => {
    if (next) navigate(`/match/${next}`);
  }, [next]);

  if (!room || !current || settling) return null;
  const seat = match.seat(view);
  const me = seat === null ? null : view.players[seat]!;
  const other = seat === null ? null : view.players[1 - seat]!;
  const offers = room.rematch?.offeredBy ?? [];
  const names = view.players.filter((p) => offers.includes(p.id)).map((p) => p.displayName);
  const act = async (f: () => Promise<RoomView>, leave = false) => {
    setError(null);
    setBusy(true);
    try {
      setRoom(await f());
    } catch (e) {
      if (!leave) setError(describeError(e));
    } finally {
      setBusy(false);
    }
    if (leave) navigate("/");
  };

  let text: string;
  if (next) text = "The rematch is starting…";
  else if (!room.rematch) text = "No rematch: it was declined, a player left, or it lapsed.";
  else if (!me || !other) {
    text =
      names.length > 0
        ? `${names.join(" and ")} offered a rematch; if both agree, you follow them into it.`
        : "If both players agree to a rematch, you follow them into it.";
  } else if (offers.includes(me.id))
    text = `You offered a rematch; waiting for ${other.displayName}.`;
  else if (offers.includes(other.id)) text = `${other.displayName} offers a rematch.`;
  else text = `Play ${other.displayName} again? The other player moves first this time.`;

  const canOffer = !!me && !!room.rematch && !offers.includes(me.id) && !next;
  return (
    <div class="rematch" data-testid="rematch">
      <p aria-live="polite">{text}</p>
      {me && room.rematch && !next && (
        <div class="actions">
          {canOffer && (
            <button type="button" disabled={busy} onClick={() => act(() => api.rematch(roomId))}>
              {other && offers.includes(other.id) ? "Accept the rematch" : "Rematch"}
            </button>
          )}
          <button
            type="button"
            class="secondary"
            disabled={busy}
            onClick={() => act(() => api.rematch(roomId, false))}
          >
            Decline
          </button>
          <button
            type="button"
            class="secondary"
            disabled={busy}
            onClick={() => act(() => api.leaveRoom(roomId), true)}
          >
            Leave
          </button>
        </div>
      )}
      <Problem text={error} />
    </div>
  );
}

/**
 * "Play again" on the end screen of a match against an agent: a new match against the same agent,
 * with the same time control and the same player firing first, and straight to it.
 */
export function PlayAgain({ view }: { view: MatchView }) {
  const { api, match } = getServices();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const seat = match.seat(view);
  const agent = view.players.find((p) => p.kind === "Agent");
  if (seat === null || !agent) return null;
  const again = async () => {
    setError(null);
    setBusy(true);
    try {
      const next = await api.startVsAgent(agent.id, view.firstPlayer === seat, view.turnSeconds);
      navigate(`/match/${next.matchId}`);
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };
  return (
    <div class="rematch" data-testid="play-again">
      <div class="actions">
        <button type="button" disabled={busy} onClick={again}>
          Play again
        </button>
      </div>
      <Problem text={error} />
    </div>
  );
}
