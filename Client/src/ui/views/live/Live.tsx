import { useEffect, useRef, useState } from "preact/hooks";
import { getServices } from "../../../services";
import { useConnection, useLoad } from "../../hooks";
import { Problem } from "../../components/Problem";
import { describeError } from "../../../api/http";
import { describeTimeControl } from "../../../game/timeControl";
import type { LiveMatch, Participant, RoomSummary } from "../../../api/types";

/** Matches a page lists; a longer list pages on. */
export const LIVE_PAGE_SIZE = 20;

/** A player as the list names them: an agent is marked "(AI)". */
export function playerName(p: Participant): string {
  return p.kind === "Agent" ? `${p.displayName} (AI)` : p.displayName;
}

/** "Alice vs Bob". */
export function describePlayers(m: LiveMatch): string {
  return m.players.map(playerName).join(" vs ");
}

/**
 * Whether a lobby event may change the live list: a room whose match started (now `InMatch`), or
 * one the list shows that changed (its match ended, it closed).
 */
export function affectsLive(
  event: { room?: RoomSummary; removedId?: string },
  listed: ReadonlySet<string>,
): boolean {
  if (event.room) return event.room.status === "InMatch" || listed.has(event.room.id);
  return event.removedId !== undefined && listed.has(event.removedId);
}

/**
 * `/live`: the matches being played in public rooms, each with its players, time control and a
 * Watch link to the match page (a stranger there is a spectator: no ship shows until it sinks).
 * The list is read from `GET /api/matches/live` and read again when a lobby event says a room's
 * match started or ended.
 */
export function Live() {
  const { api, hubs } = getServices();
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const live = useLoad(() => api.liveMatches(page, LIVE_PAGE_SIZE), `live${page}`);
  const connection = useConnection("lobby");
  const listed = useRef<ReadonlySet<string>>(new Set());
  listed.current = new Set((live.value?.items ?? []).map((m) => m.roomId));
  const reload = useRef(live.reload);
  reload.current = live.reload;

  useEffect(() => {
    const again = (event: { room?: RoomSummary; removedId?: string }) => {
      if (affectsLive(event, listed.current)) reload.current();
    };
    const offs = [
      hubs.on("roomsListed", () => reload.current()), // (re)connected: events may have been missed
      hubs.on("roomCreated", (room) => again({ room })),
      hubs.on("roomUpdated", (room) => again({ room })),
      hubs.on("roomDeleted", (removedId) => again({ removedId })),
    ];
    hubs.connectLobby().catch((e: unknown) => setError(describeError(e)));
    return () => offs.forEach((off) => off());
  }, [hubs]);

  const value = live.value;
  const pages = value ? Math.max(1, Math.ceil(value.totalCount / value.pageSize)) : 1;
  return (
    <section class="panel" aria-labelledby="live-title">
      <h1 id="live-title">Live matches</h1>
      <p class="status" aria-live="polite">
        {connection === "connected"
          ? "Kept current"
          : connection === "reconnecting"
            ? "Reconnecting…"
            : "Connecting…"}
      </p>
      <p class="muted">
        Matches being played in public rooms. Anyone may watch: ships stay hidden until they sink.
      </p>
      <Problem text={error ?? live.error} />
      {value && value.items.length === 0 && <p>No match is being played in a public room now.</p>}
      {value && value.items.length > 0 && (
        <ul class="room-list" aria-label="Live matches">
          {value.items.map((m) => (
            <li key={m.matchId} class="room" data-match={m.matchId}>
              <div>
                <strong>{describePlayers(m)}</strong> <span class="muted">in {m.roomName}</span>
                <div class="muted">
                  <span data-testid="live-clock">{describeTimeControl(m.turnSeconds)}</span> ·{" "}
                  {m.spectators} watching from the room
                </div>
              </div>
              <div class="actions">
                <a
                  class="button"
                  href={`/match/${m.matchId}`}
                  aria-label={`Watch ${describePlayers(m)}`}
                >
                  Watch
                </a>
              </div>
            </li>
          ))}
        </ul>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" class="actions">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </nav>
      )}
    </section>
  );
}
