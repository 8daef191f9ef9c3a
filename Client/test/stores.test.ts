import { describe, expect, it, vi } from "vitest";
import { Store } from "../src/stores/store";
import { LobbyStore, hasSpace } from "../src/stores/lobby";
import { MatchStore, secondsLeft } from "../src/stores/match";
import type { MatchView, RoomSummary } from "../src/api/types";

const room = (id: string, change: Partial<RoomSummary> = {}): RoomSummary => ({
  id,
  name: `Room ${id}`,
  ownerName: "Alice",
  status: "Open",
  players: 1,
  spectators: 0,
  versusAgent: false,
  createdAt: `2026-11-28T12:00:0${id}+00:00`,
  version: 1,
  turnSeconds: 60,
  hasSpace: true,
  ...change,
});

describe("Store", () => {
  it("notifies on change only, until unsubscribed", () => {
    const store = new Store(1);
    const seen = vi.fn();
    const off = store.subscribe(seen);
    store.set(1);
    store.set(2);
    store.update((v) => v + 1);
    off();
    store.set(9);
    expect(seen.mock.calls).toEqual([[2], [3]]);
    expect(store.value).toBe(9);
  });
});

describe("LobbyStore", () => {
  it("resets, then applies newer events and ignores older ones", () => {
    const lobby = new LobbyStore();
    lobby.reset([room("1"), room("2")]);
    lobby.upsert(room("1", { version: 3, players: 2, status: "Full", hasSpace: false }));
    lobby.upsert(room("1", { version: 2, players: 1 }));
    lobby.upsert(room("3"));
    expect(lobby.state.value.loaded).toBe(true);
    expect(lobby.state.value.rooms.get("1")?.players).toBe(2);
    expect(lobby.visible().map((r) => r.id)).toEqual(["3", "2", "1"]);
  });

  it("removes deleted and closed rooms and keeps them out", () => {
    const lobby = new LobbyStore();
    lobby.reset([room("1"), room("2")]);
    lobby.remove("1");
    lobby.upsert(room("1", { version: 5 }));
    lobby.upsert(room("2", { version: 2, status: "Closed" }));
    lobby.remove("unknown");
    expect(lobby.visible()).toEqual([]);
  });

  it("filters by status, free seat, agent and text", () => {
    const lobby = new LobbyStore();
    lobby.reset([
      room("1", { name: "Harbour" }),
      room("2", { status: "InMatch", players: 2, hasSpace: false, versusAgent: true }),
      room("3", { status: "Full", players: 2, hasSpace: undefined, ownerName: "Bob" }),
    ]);
    lobby.setFilters({ status: "InMatch" });
    expect(lobby.visible().map((r) => r.id)).toEqual(["2"]);
    lobby.setFilters({ hasSpace: true });
    expect(lobby.visible().map((r) => r.id)).toEqual(["1"]);
    lobby.setFilters({ versusAgent: true });
    expect(lobby.visible().map((r) => r.id)).toEqual(["2"]);
    lobby.setFilters({ search: "bob" });
    expect(lobby.visible().map((r) => r.id)).toEqual(["3"]);
    lobby.setFilters({ search: "harb" });
    expect(lobby.visible().map((r) => r.id)).toEqual(["1"]);
    expect(hasSpace(room("9", { hasSpace: undefined }))).toBe(true);
    expect(hasSpace(room("9", { hasSpace: undefined, players: 2 }))).toBe(false);
  });
});

const view = (change: Partial<MatchView> = {}): MatchView => ({
  matchId: "m1",
  roomId: null,
  status: "InProgress",
  role: "PlayerOne",
  players: [
    { kind: "User", id: "u1", displayName: "Alice" },
    { kind: "Agent", id: "a1", displayName: "Density" },
  ],
  rules: { rows: 10, columns: 10, fleet: [], shipsMayTouch: true, hitKeepsTurn: false },
  turnNumber: 4,
  currentPlayer: 0,
  turnDeadline: null,
  boards: [],
  lastShot: null,
  winner: null,
  endReason: null,
  chat: [],
  turnSeconds: 60,
  ...change,
});

describe("MatchStore", () => {
  it("keeps the newest view: by status, then turn, then chat", () => {
    const match = new MatchStore();
    match.applyView(view());
    match.applyView(view({ turnNumber: 3 }));
    expect(match.state.value.view?.turnNumber).toBe(4);
    match.applyView(
      view({
        turnNumber: 4,
        chat: [
          { number: 1, from: { kind: "User", id: "u1", displayName: "Alice" }, text: "hi", at: "" },
        ],
      }),
    );
    expect(match.state.value.view?.chat).toHaveLength(1);
    match.applyView(view({ turnNumber: 4 }));
    expect(match.state.value.view?.chat).toHaveLength(1);
    match.applyView(view({ status: "Placing", turnNumber: 9 }));
    expect(match.state.value.view?.status).toBe("InProgress");
    match.applyView(view({ status: "Finished", turnNumber: 5, winner: 0 }));
    expect(match.state.value.view?.status).toBe("Finished");
    match.applyView(view({ matchId: "m2", turnNumber: 0 }));
    expect(match.state.value.view?.matchId).toBe("m2");
  });

  it("resyncs whatever the age and logs it", () => {
    const match = new MatchStore();
    match.applyView(view({ turnNumber: 8 }));
    match.resync(view({ turnNumber: 7 }));
    expect(match.state.value.view?.turnNumber).toBe(7);
    expect(match.state.value.log).toEqual(["Reconnected: the match is up to date."]);
  });

  it("knows the seat and whose turn it is", () => {
    const match = new MatchStore();
    expect(match.seat()).toBeNull();
    expect(match.myTurn()).toBe(false);
    match.applyView(view());
    expect(match.seat()).toBe(0);
    expect(match.myTurn()).toBe(true);
    expect(match.seat(view({ role: "PlayerTwo" }))).toBe(1);
    expect(match.myTurn(view({ role: "PlayerTwo" }))).toBe(false);
    expect(match.seat(view({ role: "Spectator" }))).toBeNull();
    expect(match.myTurn(view({ status: "Finished" }))).toBe(false);
  });

  it("logs shots with names and cells, and tracks the connection", () => {
    const match = new MatchStore();
    match.logShot({
      turnNumber: 1,
      player: 1,
      cell: 0,
      outcome: "Miss",
      sunkShip: null,
      sunkCells: null,
    });
    match.applyView(view());
    match.logShot({
      turnNumber: 2,
      player: 0,
      cell: 37,
      outcome: "Sunk",
      sunkShip: "Destroyer",
      sunkCells: [37, 38],
    });
    match.logShot({
      turnNumber: 3,
      player: 1,
      cell: 1,
      outcome: "Hit",
      sunkShip: null,
      sunkCells: null,
    });
    expect(match.state.value.log).toEqual([
      "Player 2 fires at A1: miss.",
      "Alice fires at D8: sunk Destroyer.",
      "Density fires at A2: hit.",
    ]);
    expect(match.playerName(5)).toBe("Player 6");
    match.setConnection("reconnecting");
    expect(match.state.value.connection).toBe("reconnecting");
    match.clear();
    expect(match.state.value).toEqual({ view: null, log: [], connection: "connected" });
  });
});

describe("secondsLeft", () => {
  it("counts down to the deadline and stops at zero", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    expect(secondsLeft("2026-11-28T12:00:30Z", now)).toBe(30);
    expect(secondsLeft("2026-11-28T11:59:00Z", now)).toBe(0);
    expect(secondsLeft(null, now)).toBeNull();
  });
});
