import { describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { MatchStore } from "../src/stores/match";
import type { HubEvents } from "../src/api/hubs";
import type { MatchView } from "../src/api/types";

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
const match = new MatchStore();
vi.mock("../src/services", () => ({ getServices: () => ({ hubs, match }) }));
const { useMatchFeed } = await import("../src/ui/views/match/useMatchFeed");

const view = {
  matchId: "m1",
  status: "InProgress",
  role: "PlayerOne",
  players: [
    { kind: "User", id: "u1", displayName: "Alice" },
    { kind: "User", id: "u2", displayName: "Bob" },
  ],
  turnNumber: 4,
  chat: [],
} as unknown as MatchView;

function emit<K extends keyof HubEvents>(event: K, payload: HubEvents[K]) {
  act(() => handlers.get(event)?.forEach((h) => h(payload)));
}

describe("useMatchFeed", () => {
  it("joins the match, logs its events in words and leaves it when the page goes", async () => {
    function Page() {
      useMatchFeed("m1");
      return null;
    }
    const root = document.createElement("div");
    await act(async () => render(<Page />, root));
    expect(hubs.joinMatch).toHaveBeenCalledWith("m1");
    expect(match.state.value.view?.matchId).toBe("m1");

    emit("fleetPlaced", { matchId: "m1", turnNumber: 1, player: 1 });
    emit("matchStarted", { matchId: "m1", turnNumber: 2, currentPlayer: 0, turnDeadline: null });
    emit("matchEnded", { matchId: "other", turnNumber: 9, winner: 0, reason: "Win", fleets: [] });
    emit("matchEnded", { matchId: "m1", turnNumber: 9, winner: 1, reason: "Timeout", fleets: [] });
    emit("connection", { hub: "match", state: "reconnecting" });

    expect(match.state.value.log).toEqual([
      "Bob placed their fleet.",
      "The match begins: Alice fires first.",
      "Bob wins on time.",
    ]);
    expect(match.state.value.connection).toBe("reconnecting");
    act(() => render(null, root));
    expect(hubs.leaveMatch).toHaveBeenCalledWith("m1");
    expect([...handlers.values()].every((set) => set.size === 0)).toBe(true);
  });
});
