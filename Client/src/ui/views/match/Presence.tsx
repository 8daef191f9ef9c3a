import { useEffect } from "preact/hooks";
import { getServices } from "../../../services";
import { useLoad } from "../../hooks";
import type { MatchView } from "../../../api/types";

/** The players (and who is still placing) and, in a room, who is watching. */
export function Presence({ view }: { view: MatchView }) {
  const { api, hubs, match } = getServices();
  const roomId = view.roomId ?? null;
  const room = useLoad(() => (roomId ? api.room(roomId) : Promise.resolve(null)), roomId ?? "none");
  useEffect(() => {
    if (!roomId) return;
    hubs.connectLobby().catch(() => undefined);
    return hubs.on("roomUpdated", (r) => r.id === roomId && room.reload());
  }, [roomId]);
  const r = room.value;
  return (
    <section class="panel" aria-labelledby="presence-title">
      <h2 id="presence-title">Who is here</h2>
      <ul>
        {view.players.map((p, i) => (
          <li key={p.id}>
            {p.displayName ?? `Player ${i + 1}`} {p.kind === "Agent" ? "(AI)" : ""}
            {view.boards[i]?.fleetPlaced ? "" : " — placing"}
          </li>
        ))}
      </ul>
      {r && (
        <p data-testid="spectators">
          {r.spectators.length === 0
            ? "Nobody is watching."
            : `Watching: ${r.spectators.map((s) => s.displayName).join(", ")}`}
        </p>
      )}
      {match.seat(view) === null && (
        <p class="muted">You are a spectator: ships stay hidden until the end.</p>
      )}
    </section>
  );
}
