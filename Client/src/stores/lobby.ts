/** The lobby's room list: reset from a listing, then kept current by the hub's events. */
import { Store } from "./store";
import type { RoomSummary } from "../api/types";

/** The filters the lobby offers (the same as `GET /api/rooms`). */
export interface RoomFilters {
  status?: "Open" | "Full" | "InMatch";
  hasSpace?: boolean;
  versusAgent?: boolean;
  search?: string;
}

export interface LobbyState {
  rooms: ReadonlyMap<string, RoomSummary>;
  filters: RoomFilters;
  loaded: boolean;
}

export class LobbyStore {
  readonly state = new Store<LobbyState>({ rooms: new Map(), filters: {}, loaded: false });
  /** Rooms deleted since the last reset, so a late update cannot bring them back. */
  private readonly deleted = new Set<string>();

  /** Replaces the list with a fresh listing (after connecting or reconnecting). */
  reset(rooms: readonly RoomSummary[]): void {
    this.deleted.clear();
    this.state.update((s) => ({ ...s, loaded: true, rooms: new Map(rooms.map((r) => [r.id, r])) }));
  }

  /** Applies RoomCreated or RoomUpdated; an event older than what the store has is ignored. */
  upsert(room: RoomSummary): void {
    if (this.deleted.has(room.id)) return;
    const known = this.state.value.rooms.get(room.id);
    if (known && known.version > room.version) return;
    this.state.update((s) => {
      const rooms = new Map(s.rooms);
      if (room.status === "Closed") {
        rooms.delete(room.id);
      } else {
        rooms.set(room.id, room);
      }
      return { ...s, rooms };
    });
  }

  /** Applies RoomDeleted. */
  remove(roomId: string): void {
    this.deleted.add(roomId);
    if (!this.state.value.rooms.has(roomId)) return;
    this.state.update((s) => {
      const rooms = new Map(s.rooms);
      rooms.delete(roomId);
      return { ...s, rooms };
    });
  }

  setFilters(filters: RoomFilters): void {
    this.state.update((s) => ({ ...s, filters }));
  }

  /** The rooms that pass the filters, newest first. */
  visible(state: LobbyState = this.state.value): RoomSummary[] {
    const f = state.filters;
    const search = f.search?.trim().toLowerCase();
    return [...state.rooms.values()]
      .filter((r) => !f.status || r.status === f.status)
      .filter((r) => f.hasSpace === undefined || hasSpace(r) === f.hasSpace)
      .filter((r) => f.versusAgent === undefined || r.versusAgent === f.versusAgent)
      .filter(
        (r) =>
          !search ||
          r.name.toLowerCase().includes(search) ||
          r.ownerName.toLowerCase().includes(search),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }
}

/** Whether a room has a free player seat (the gateway sends it; older payloads may not). */
export function hasSpace(room: RoomSummary): boolean {
  return room.hasSpace ?? (room.status === "Open" && room.players < 2);
}
