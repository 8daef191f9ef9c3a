import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import type { LiveMatch, MatchHistoryItem, RoomSummary } from "../src/api/types";

const alice = { kind: "User", id: "u1", displayName: "Alice" };
const bob = { kind: "User", id: "u2", displayName: "Bob" };
const duel = {
  matchId: "m1",
  roomId: "r1",
  roomName: "Harbour",
  players: [alice, bob],
  turnSeconds: 120,
  spectators: 1,
} as unknown as LiveMatch;

type Handler = (payload: unknown) => void;
const handlers = new Map<string, Set<Handler>>();
const hubs = {
  on: (event: string, handler: Handler) => {
    if (!handlers.has(event)) handlers.set(event, new Set());
    handlers.get(event)!.add(handler);
    return () => handlers.get(event)!.delete(handler);
  },
  connectLobby: vi.fn(async () => {}),
  state: () => "connected",
};
const emit = (event: string, payload: unknown) =>
  [...(handlers.get(event) ?? [])].forEach((h) => h(payload));
const api = {
  liveMatches: vi.fn(async () => ({ items: [duel], pageNumber: 1, pageSize: 20, totalCount: 1 })),
};
vi.mock("../src/services", () => ({ getServices: () => ({ api, hubs }) }));
const { Live, affectsLive, describePlayers } = await import("../src/ui/views/live/Live");
const { opponentUsers, userNames } = await import("../src/ui/views/profile/Profile");
const { History } = await import("../src/ui/components/History");

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

const mounted: HTMLElement[] = [];
afterEach(() => mounted.splice(0).forEach((host) => render(null, host))); // unsubscribes from the hub

async function mount(node: preact.ComponentChild) {
  const host = document.createElement("div");
  mounted.push(host);
  await act(async () => {
    render(node, host);
    await Promise.resolve();
  });
  await settle();
  return host;
}

const room = (id: string, status: string) => ({ id, status }) as unknown as RoomSummary;

describe("Live", () => {
  it("lists each match's players, time control and a Watch link to the match page", async () => {
    const host = await mount(<Live />);
    const item = host.querySelector('[data-match="m1"]')!;
    expect(item.textContent).toContain("Alice vs Bob");
    expect(item.textContent).toContain("in Harbour");
    expect(item.querySelector("[data-testid=live-clock]")!.textContent).toBe("2 min a shot");
    const watch = item.querySelector("a")!;
    expect(watch.getAttribute("href")).toBe("/match/m1");
    expect(watch.getAttribute("aria-label")).toBe("Watch Alice vs Bob");
    expect(hubs.connectLobby).toHaveBeenCalled();
  });

  it("reads the list again when a room's match starts or a listed room changes, not for other rooms", async () => {
    await mount(<Live />);
    api.liveMatches.mockClear();
    await act(async () => emit("roomUpdated", room("r9", "Open")));
    await settle();
    expect(api.liveMatches).not.toHaveBeenCalled();
    await act(async () => emit("roomUpdated", room("r9", "InMatch")));
    await settle();
    expect(api.liveMatches).toHaveBeenCalledTimes(1);
    await act(async () => emit("roomDeleted", "r1"));
    await settle();
    expect(api.liveMatches).toHaveBeenCalledTimes(2);
  });

  it("says so when nothing is being played", async () => {
    api.liveMatches.mockResolvedValueOnce({
      items: [],
      pageNumber: 1,
      pageSize: 20,
      totalCount: 0,
    });
    const host = await mount(<Live />);
    expect(host.textContent).toContain("No match is being played in a public room now.");
    expect(host.querySelector("ul")).toBeNull();
  });

  it("names agents as such and knows which events matter", () => {
    const vsAgent = {
      ...duel,
      players: [alice, { kind: "Agent", id: "a1", displayName: "Density" }],
    } as unknown as LiveMatch;
    expect(describePlayers(vsAgent)).toBe("Alice vs Density (AI)");
    const listed = new Set(["r1"]);
    expect(affectsLive({ room: room("r2", "InMatch") }, listed)).toBe(true);
    expect(affectsLive({ room: room("r1", "Closed") }, listed)).toBe(true);
    expect(affectsLive({ room: room("r2", "Full") }, listed)).toBe(false);
    expect(affectsLive({ removedId: "r2" }, listed)).toBe(false);
    expect(affectsLive({ removedId: "r1" }, listed)).toBe(true);
  });
});

describe("Profile's recent games", () => {
  const game = (id: string, one: string, two: string, winner: number, kindTwo = "User") =>
    ({
      id,
      playerOne: { kind: "User", id: one },
      playerTwo: { kind: kindTwo, id: two },
      winner,
      endReason: "Win",
      startedAt: "2026-12-07T09:00:00Z",
      finishedAt: "2026-12-07T09:10:00Z",
      moveCount: 60,
    }) as unknown as MatchHistoryItem;

  it("reads each human opponent's name once, and leaves out one it cannot read", async () => {
    const items = [
      game("m3", "u1", "u2", 0),
      game("m2", "u2", "u1", 0),
      game("m1", "u1", "a1", 1, "Agent"),
    ];
    expect(opponentUsers(items, "u1")).toEqual(["u2"]);
    const read = vi.fn(async (id: string) => {
      if (id === "gone") throw new Error("404");
      return { displayName: "Bob" };
    });
    expect(await userNames(["u2", "gone"], read)).toEqual({ u2: "Bob" });
  });

  it("lists the games in the order given (newest first), each with its result, opponent and replay link", async () => {
    const items = [game("m3", "u1", "u2", 0), game("m2", "u2", "u1", 0)];
    const host = await mount(<History items={items} self="u1" names={{ u2: "Bob" }} />);
    const rows = [...host.querySelectorAll("li")];
    expect(rows.map((r) => r.querySelector("strong")!.textContent)).toEqual(["won", "lost"]);
    expect(rows.every((r) => r.textContent!.includes("against Bob"))).toBe(true);
    expect(rows.map((r) => r.querySelector('a[href^="/replay/"]')!.getAttribute("href"))).toEqual([
      "/replay/m3",
      "/replay/m2",
    ]);
  });
});
