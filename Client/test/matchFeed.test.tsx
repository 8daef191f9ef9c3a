import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { MatchStore } from "../src/stores/match";
import type { HubEvents } from "../src/api/hubs";
import type { MatchReplay, ShotView } from "../src/api/types";
import { boardView as board, matchView, shotFired, shotView as shot } from "./fixtures";

const handlers = new Map<string, Set<(p: unknown) => void>>();
const hubs = {
  on: (event: string, handler: (p: unknown) => void) => {
    if (!handlers.has(event)) handlers.set(event, new Set());
    handlers.get(event)!.add(handler);
    return () => handlers.get(event)!.delete(handler);
  },
  joinMatch: vi.fn(async () => view),
  leaveMatch: vi.fn(async () => undefined),
};
let moves: MatchReplay["moves"] = [];
const api = {
  replay: vi.fn(async (): Promise<Partial<MatchReplay>> => ({
    moves,
    firstPlayer: 0,
    status: "InProgress",
    winner: null,
    endReason: null,
  })),
};
const match = new MatchStore();
vi.mock("../src/services", () => ({ getServices: () => ({ api, hubs, match }) }));
const { useMatchFeed } = await import("../src/ui/views/match/useMatchFeed");

const view = matchView({
  players: [
    { kind: "User", id: "u1", displayName: "Alice" },
    { kind: "Agent", id: "a1", displayName: "Hunter" },
  ],
  boards: [board(0), board(1)],
});

function emit<K extends keyof HubEvents>(event: K, payload: HubEvents[K]) {
  act(() => handlers.get(event)?.forEach((h) => h(payload)));
}
const fired = (s: ShotView, nextPlayer: number) => emit("shotFired", shotFired(s, nextPlayer));

async function mount() {
  function Page() {
    useMatchFeed("m1");
    return null;
  }
  const root = document.createElement("div");
  await act(async () => render(<Page />, root));
  await act(async () => {}); // the history's answer
  return () => act(() => render(null, root));
}

afterEach(() => {
  vi.useRealTimers();
  moves = [];
  match.replyDelayMs = 600;
  api.replay.mockClear();
});

describe("useMatchFeed", () => {
  it("joins the match, logs its events in words and leaves it when the page goes", async () => {
    const unmount = await mount();
    expect(hubs.joinMatch).toHaveBeenCalledWith("m1");
    expect(match.state.value.view?.matchId).toBe("m1");

    emit("fleetPlaced", { matchId: "m1", turnNumber: 1, player: 1 });
    emit("matchStarted", { matchId: "m1", turnNumber: 2, currentPlayer: 0, turnDeadline: null });
    emit("matchEnded", { matchId: "other", turnNumber: 9, winner: 0, reason: "Win", fleets: [] });
    emit("matchEnded", { matchId: "m1", turnNumber: 9, winner: 1, reason: "Timeout", fleets: [] });
    emit("connection", { hub: "match", state: "reconnecting" });

    expect(match.state.value.log.map((e) => e.text)).toEqual([
      "Hunter placed their fleet.",
      "The match begins: Alice fires first.",
      "Hunter wins on time.",
    ]);
    expect(match.state.value.announcement).toBe("Hunter wins on time.");
    expect(match.state.value.connection).toBe("reconnecting");
    unmount();
    expect(hubs.leaveMatch).toHaveBeenCalledWith("m1");
    expect([...handlers.values()].every((set) => set.size === 0)).toBe(true);
  });

  it("reads every move so far on joining, then adds live shots once each", async () => {
    moves = Array.from({ length: 12 }, (_, i) => ({
      number: i + 1,
      player: i % 2,
      kind: "Shot" as const,
      shot: shot(i + 1, i % 2, i),
      at: "",
    }));
    const unmount = await mount();
    expect(api.replay).toHaveBeenCalledWith("m1");
    match.replyDelayMs = 0;
    fired(shot(12, 1, 11), 0); // already in the history
    fired(shot(13, 0, 40), 1);
    const turns = match.state.value.log.filter((e) => e.turn !== null).map((e) => e.turn);
    expect(turns).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    unmount();
  });

  it("reads the history again after a reconnect", async () => {
    const unmount = await mount();
    expect(api.replay).toHaveBeenCalledTimes(1);
    moves = [{ number: 5, player: 0, kind: "Shot", shot: shot(5, 0, 3), at: "" }];
    emit("matchResynced", { ...view, turnNumber: 5 });
    await act(async () => {});
    expect(api.replay).toHaveBeenCalledTimes(2);
    expect(match.state.value.log.map((e) => e.text)).toEqual([
      "The match begins: Alice fires first.",
      "Alice fires at A4: miss.",
      "Reconnected: the match is up to date.",
    ]);
    unmount();
  });

  it("says so when the history cannot be read", async () => {
    api.replay.mockRejectedValueOnce(new Error("503"));
    const unmount = await mount();
    expect(match.state.value.log.map((e) => e.text)).toEqual([
      "The earlier moves could not be read; new ones follow.",
    ]);
    unmount();
  });

  it("shows the agent's answer a moment after the player's own shot, with the agent's turn between", async () => {
    const unmount = await mount();
    vi.useFakeTimers();
    fired(shot(5, 0, 16), 1);
    fired(shot(6, 1, 22), 0);
    const after = { ...view, turnNumber: 6, currentPlayer: 0 };
    emit("viewUpdated", {
      ...after,
      boards: [
        { ...board(0), misses: [22] },
        { ...board(1), misses: [16] },
      ],
    });

    let s = match.state.value;
    expect(s.view!.boards[1]!.misses).toEqual([16]);
    expect(s.view!.boards[0]!.misses).toEqual([]);
    expect(s.view!.currentPlayer).toBe(1);
    expect(s.announcement).toBe("You fired at B7: miss. Hunter's turn.");
    expect(match.lastShotAt(1)?.cell).toBe(16);

    act(() => {
      vi.advanceTimersByTime(599);
    });
    expect(match.state.value.view!.currentPlayer).toBe(1);
    act(() => {
      vi.advanceTimersByTime(1);
    });
    s = match.state.value;
    expect(s.view!.boards[0]!.misses).toEqual([22]);
    expect(s.view!.turnNumber).toBe(6);
    expect(s.view!.currentPlayer).toBe(0);
    expect(s.announcement).toBe("Hunter fired at C3: miss. Your turn.");
    expect(match.lastShotAt(0)?.cell).toBe(22);
    unmount();
  });

  it("shows the answer at once when the delay is 0, and drops a held one when the page goes", async () => {
    let unmount = await mount();
    match.replyDelayMs = 0;
    fired(shot(5, 0, 16), 1);
    fired(shot(6, 1, 22), 0);
    expect(match.state.value.view!.currentPlayer).toBe(0);
    unmount();

    unmount = await mount();
    match.replyDelayMs = 600;
    vi.useFakeTimers();
    fired(shot(5, 0, 16), 1);
    fired(shot(6, 1, 22), 0);
    unmount();
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(match.state.value.log.some((e) => e.turn === 6)).toBe(false);
  });
});
