import { describe, expect, it, vi } from "vitest";
import { Store } from "../src/stores/store";
import { LobbyStore, hasSpace } from "../src/stores/lobby";
import { MatchStore, ReplyDelayMs, secondsLeft, withShot } from "../src/stores/match";
import type { MatchReplay, RoomSummary } from "../src/api/types";
import {
  boardView as board,
  matchView as view,
  shotFired as fired,
  shotView as shot,
} from "./fixtures";

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
    expect(match.state.value.log.map((e) => e.text)).toEqual([
      "Reconnected: the match is up to date.",
    ]);
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
    expect(match.state.value.log.map((e) => e.text)).toEqual([
      "Player 2 fires at A1: miss.",
      "Alice fires at D8: sunk Destroyer.",
      "Density fires at A2: hit.",
    ]);
    expect(match.playerName(5)).toBe("Player 6");
    match.setConnection("reconnecting");
    expect(match.state.value.connection).toBe("reconnecting");
    match.clear();
    expect(match.state.value).toEqual({
      view: null,
      log: [],
      announcement: "",
      connection: "connected",
    });
  });
});

const replay = (moves: MatchReplay["moves"], change: Partial<MatchReplay> = {}) => ({
  moves,
  firstPlayer: 0,
  status: "InProgress" as const,
  winner: null,
  endReason: null,
  ...change,
});

describe("MatchStore history", () => {
  it("builds the whole history from the move log, numbered by turn, with no cap", () => {
    const match = new MatchStore();
    match.applyView(view({ turnNumber: 0 }));
    const moves = Array.from({ length: 30 }, (_, i) => ({
      number: i + 1,
      player: i % 2,
      kind: "Shot" as const,
      shot: shot(i + 1, i % 2, i),
      at: "",
    }));
    match.loadHistory(replay(moves));
    const log = match.state.value.log;
    expect(log).toHaveLength(31);
    expect(log[0]!.text).toBe("The match begins: Alice fires first.");
    expect(log.slice(1).map((e) => e.turn)).toEqual(moves.map((m) => m.number));
    expect(log[30]!.text).toBe("Density fires at C10: miss.");
  });

  it("merges the move log with live events: each turn once, in turn order, notes kept", () => {
    const match = new MatchStore();
    match.applyView(view({ turnNumber: 2 }));
    match.logShot(shot(3, 0, 22));
    match.log("Reconnected: the match is up to date.");
    match.logShot(shot(3, 0, 22));
    match.loadHistory(
      replay([
        { number: 1, player: 0, kind: "Shot", shot: shot(1, 0, 0), at: "" },
        { number: 2, player: 1, kind: "Shot", shot: shot(2, 1, 5), at: "" },
        { number: 3, player: 0, kind: "Shot", shot: shot(3, 0, 22), at: "" },
      ]),
    );
    match.logShot(shot(4, 1, 9, { outcome: "Hit" }));
    expect(match.state.value.log.map((e) => [e.turn, e.text])).toEqual([
      [null, "The match begins: Alice fires first."],
      [1, "Alice fires at A1: miss."],
      [2, "Density fires at A6: miss."],
      [3, "Alice fires at C3: miss."],
      [null, "Reconnected: the match is up to date."],
      [4, "Density fires at A10: hit."],
    ]);
  });

  it("reads a finished match's resignation and end, and nothing before the start", () => {
    const match = new MatchStore();
    match.applyView(view());
    match.loadHistory(replay([], { status: "Placing" }));
    expect(match.state.value.log).toEqual([]);
    match.loadHistory(
      replay(
        [
          { number: 1, player: 0, kind: "Shot", shot: shot(1, 0, 0), at: "" },
          { number: 2, player: 1, kind: "Resign", shot: null, at: "" },
        ],
        { status: "Finished", winner: 0, endReason: "Resign" },
      ),
    );
    match.logEnd(0, "Resign");
    expect(match.state.value.log.map((e) => e.text)).toEqual([
      "The match begins: Alice fires first.",
      "Alice fires at A1: miss.",
      "Density resigns.",
      "Alice wins by resignation.",
    ]);
    expect(match.state.value.announcement).toBe("Alice wins by resignation.");
  });

  it("knows the last shot at each board, from the history or else the view", () => {
    const match = new MatchStore();
    expect(match.lastShotAt(0)).toBeNull();
    match.applyView(view({ lastShot: shot(4, 1, 7) }));
    expect(match.lastShotAt(0)?.cell).toBe(7);
    expect(match.lastShotAt(1)).toBeNull();
    match.logShot(shot(5, 0, 12));
    match.logShot(shot(6, 1, 13));
    match.logShot(shot(7, 0, 14));
    expect(match.lastShotAt(1)?.cell).toBe(14);
    expect(match.lastShotAt(0)?.cell).toBe(13);
  });
});

describe("MatchStore shots as they happen", () => {
  it("draws the shot, passes the turn and announces it in words", () => {
    const match = new MatchStore();
    match.applyView(view({ boards: [board(0), board(1)] }));
    match.applyShot(fired(shot(5, 0, 16, { outcome: "Hit" }), 1));
    let v = match.state.value.view!;
    expect(v.boards[1]!.hits).toEqual([16]);
    expect(v.turnNumber).toBe(5);
    expect(v.currentPlayer).toBe(1);
    expect(match.myTurn()).toBe(false);
    expect(match.state.value.announcement).toBe("You fired at B7: hit. Density's turn.");
    match.applyShot(fired(shot(6, 1, 22), 0));
    v = match.state.value.view!;
    expect(v.boards[0]!.misses).toEqual([22]);
    expect(match.state.value.announcement).toBe("Density fired at C3: miss. Your turn.");
    match.applyShot(fired(shot(6, 1, 22), 0)); // again: drawn once
    expect(match.state.value.view!.boards[0]!.misses).toEqual([22]);
    expect(match.state.value.log.map((e) => e.turn)).toEqual([5, 6]);
  });

  it("names sunk ships for the shooter, the target and a spectator", () => {
    const match = new MatchStore();
    match.applyView(view({ boards: [board(0), board(1)] }));
    const sunk = { outcome: "Sunk" as const, sunkShip: "Cruiser" as const, sunkCells: [15, 16] };
    match.applyShot(fired(shot(5, 0, 16, sunk), 1));
    expect(match.state.value.announcement).toBe(
      "You fired at B7: hit. You sank the Cruiser. Density's turn.",
    );
    expect(match.state.value.view!.boards[1]!.sunkShips).toEqual([
      { type: "Cruiser", cells: [15, 16] },
    ]);
    expect(match.describeShot(shot(6, 1, 3, sunk), 0)).toBe(
      "Density fired at A4: hit. Density sank your Cruiser. Your turn.",
    );
    expect(match.describeShot(shot(7, 0, 3, { ...sunk, outcome: "Win" }), null)).toBe(
      "You fired at A4: hit. You sank the Cruiser.",
    );
    match.applyView(view({ role: "Spectator", turnNumber: 9 }));
    expect(match.describeShot(shot(10, 1, 3, sunk), 0)).toBe(
      "Density fired at A4: hit. Density sank Alice's Cruiser. Alice's turn.",
    );
  });

  it("announces the start, and leaves a view it already has alone", () => {
    const match = new MatchStore();
    match.applyView(view({ turnNumber: 8 }));
    match.applyShot(fired(shot(8, 0, 1), 1));
    expect(match.state.value.view!.turnNumber).toBe(8);
    match.logStart(0);
    expect(match.state.value.announcement).toBe("The match begins. Your turn.");
    match.logStart(1);
    expect(match.state.value.announcement).toBe("The match begins. Density's turn.");
    expect(match.state.value.log.filter((e) => e.key === "start")).toHaveLength(1);
    expect(ReplyDelayMs).toBeGreaterThan(0);
    expect(new MatchStore().replyDelayMs).toBe(ReplyDelayMs);
  });

  it("withShot keeps the shooter's board and counts a hit once", () => {
    const v = view({ boards: [board(0), { ...board(1), hits: [16] }] });
    const next = withShot(v, fired(shot(5, 0, 16, { outcome: "Hit" }), 0));
    expect(next.boards[0]).toBe(v.boards[0]);
    expect(next.boards[1]!.hits).toEqual([16]);
    expect(next.lastShot?.cell).toBe(16);
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
