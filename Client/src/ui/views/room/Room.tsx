import { timeoutRule } from "../../../game/timeControl";
import { useEffect, useState } from "preact/hooks";
import { getServices } from "../../../services";
import { useLoad } from "../../hooks";
import { navigate } from "../../router";
import { Problem } from "../../components/Problem";
import { describeError } from "../../../api/http";

/** A room's waiting area: members, ready flags, leave; moves to the match when it starts. */
export function Room({ id }: { id: string }) {
  const { api, hubs, session } = getServices();
  const room = useLoad(() => api.room(id), id);
  const me = useLoad(() => api.me(), "me");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const reload = (roomId: string) => roomId === id && room.reload();
    const offs = [
      hubs.on("roomUpdated", (r) => reload(r.id)),
      hubs.on("roomDeleted", (roomId) => reload(roomId)),
    ];
    hubs.connectLobby().catch(() => undefined);
    return () => offs.forEach((off) => off());
  }, [id]);

  const matchId = room.value?.matchId;
  useEffect(() => {
    if (matchId) navigate(`/match/${matchId}`, true);
  }, [matchId]);

  if (room.error) return <Problem text={room.error} />;
  const r = room.value;
  if (!r) return <p aria-busy="true">Loading the room…</p>;
  const myId = me.value?.id;
  const seat = r.players.find((p) => p.participant.id === myId);
  const isOwner = r.ownerId === myId;
  const act = async (f: () => Promise<unknown>, after?: () => void) => {
    setError(null);
    try {
      await f();
      room.reload();
      after?.();
    } catch (e) {
      setError(describeError(e));
    }
  };
  /** Does something that ends the viewer's stay, then goes back to the lobby. */
  const exit = (f: () => Promise<unknown>) => () => act(f, () => navigate("/"));

  return (
    <section class="panel room-view" aria-labelledby="room-title">
      <h1 id="room-title">{r.name}</h1>
      <p class="status" aria-live="polite">
        {r.status === "Open"
          ? "Waiting for a second player"
          : r.status === "Full"
            ? "Waiting until both are ready"
            : r.status}
      </p>
      <p data-testid="room-clock">
        <strong>Time control:</strong> {timeoutRule(r.turnSeconds)}
      </p>
      <h2>Players</h2>
      <ul class="members" aria-label="Players">
        {r.players.map((p) => (
          <li key={p.participant.id}>
            {p.participant.displayName}
            {p.participant.id === r.ownerId ? " (owner)" : ""} —{" "}
            <strong>{p.isReady ? "ready" : "not ready"}</strong>
          </li>
        ))}
        {r.players.length < 2 && <li class="muted">(free seat)</li>}
      </ul>
      <h2>Spectators</h2>
      <p>
        {r.spectators.length === 0
          ? "Nobody is watching."
          : r.spectators.map((s) => s.displayName).join(", ")}
      </p>
      <p class="muted">
        Invite someone with this page's link:{" "}
        <code>{`${globalThis.location.origin}/rooms/${r.id}`}</code>
      </p>
      <div class="actions">
        {seat && (
          <button type="button" onClick={() => act(() => api.ready(r.id, !seat.isReady))}>
            {seat.isReady ? "Not ready" : "Ready"}
          </button>
        )}
        {!seat && r.players.length < 2 && r.status === "Open" && (
          <button type="button" onClick={() => act(() => api.joinRoom(r.id))}>
            Take the free seat
          </button>
        )}
        <button type="button" class="secondary" onClick={exit(() => api.leaveRoom(r.id))}>
          Leave
        </button>
        {isOwner && (
          <button type="button" class="danger" onClick={exit(() => api.closeRoom(r.id))}>
            Close room
          </button>
        )}
      </div>
      <Problem text={error} />
      <p class="muted">Signed in as {session.state.value.displayName}.</p>
    </section>
  );
}
