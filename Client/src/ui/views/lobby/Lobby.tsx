import { describeTimeControl } from "../../../game/timeControl";
import { useEffect, useState } from "preact/hooks";
import { getServices } from "../../../services";
import { useConnection, useStore } from "../../hooks";
import { navigate } from "../../router";
import { Problem } from "../../components/Problem";
import { hasSpace, type RoomFilters } from "../../../stores/lobby";
import { describeError } from "../../../api/http";
import { CreateRoom } from "./CreateRoom";
import { PlayVsAi } from "./PlayVsAi";

export function Lobby() {
  const { hubs, lobby, api } = getServices();
  const state = useStore(lobby.state);
  const [error, setError] = useState<string | null>(null);
  const connection = useConnection("lobby");

  useEffect(() => {
    const offs = [
      hubs.on("roomsListed", (page) => lobby.reset(page.items)),
      hubs.on("roomCreated", (r) => lobby.upsert(r)),
      hubs.on("roomUpdated", (r) => lobby.upsert(r)),
      hubs.on("roomDeleted", (id) => lobby.remove(id)),
    ];
    hubs.connectLobby().catch((e: unknown) => setError(describeError(e)));
    return () => offs.forEach((off) => off());
  }, [hubs, lobby]);

  const rooms = lobby.visible(state);
  const f = state.filters;
  const setFilter = (change: Partial<RoomFilters>) => lobby.setFilters({ ...f, ...change });

  const join = async (id: string, asSpectator: boolean) => {
    setError(null);
    try {
      const room = await api.joinRoom(id, asSpectator);
      navigate(room.matchId && asSpectator ? `/match/${room.matchId}` : `/rooms/${room.id}`);
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <div class="lobby">
      <section aria-labelledby="rooms-title" class="panel rooms">
        <h1 id="rooms-title">Rooms</h1>
        <p class="status" aria-live="polite">
          {connection === "connected"
            ? "Live"
            : connection === "reconnecting"
              ? "Reconnecting…"
              : "Connecting…"}
        </p>
        <fieldset class="filters">
          <legend>Filters</legend>
          <label>
            Search
            <input
              type="search"
              value={f.search ?? ""}
              onInput={(e) => setFilter({ search: e.currentTarget.value })}
            />
          </label>
          <label>
            Status
            <select
              value={f.status ?? ""}
              onChange={(e) =>
                setFilter({ status: (e.currentTarget.value || undefined) as RoomFilters["status"] })
              }
            >
              <option value="">Any</option>
              <option value="Open">Open</option>
              <option value="Full">Full</option>
              <option value="InMatch">In a match</option>
            </select>
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={f.hasSpace === true}
              onChange={(e) => setFilter({ hasSpace: e.currentTarget.checked ? true : undefined })}
            />
            Has a free seat
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={f.versusAgent === true}
              onChange={(e) =>
                setFilter({ versusAgent: e.currentTarget.checked ? true : undefined })
              }
            />
            Against an agent
          </label>
        </fieldset>
        <Problem text={error} />
        {state.loaded && rooms.length === 0 && <p>No rooms match. Create one!</p>}
        <ul class="room-list" aria-label="Rooms">
          {rooms.map((r) => (
            <li key={r.id} class="room" data-room={r.name}>
              <div>
                <strong>{r.name}</strong> <span class="muted">by {r.ownerName}</span>
                <div class="muted">
                  {r.status === "InMatch" ? "In a match" : r.status} · {r.players}/2 players ·{" "}
                  {r.spectators} watching{r.versusAgent ? " · vs AI" : ""} ·{" "}
                  <span data-testid="room-clock">{describeTimeControl(r.turnSeconds)}</span>
                </div>
              </div>
              <div class="actions">
                {hasSpace(r) && (
                  <button
                    type="button"
                    onClick={() => join(r.id, false)}
                    aria-label={`Join ${r.name}`}
                  >
                    Join
                  </button>
                )}
                <button
                  type="button"
                  class="secondary"
                  onClick={() => join(r.id, true)}
                  aria-label={`Watch ${r.name}`}
                >
                  Watch
                </button>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <div class="side">
        <CreateRoom onError={setError} />
        <PlayVsAi />
      </div>
    </div>
  );
}
