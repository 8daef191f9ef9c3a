import { describe, expect, it, vi } from "vitest";
import { HubClient, HubError, toHubError, type HubConnectionLike } from "../src/api/hubs";
import { queryMaximum } from "../src/api/limits";

/** A scripted SignalR connection: records invocations, lets the test push events and drops. */
class FakeConnection implements HubConnectionLike {
  readonly handlers = new Map<string, (...args: never[]) => void>();
  readonly invocations: Array<{ method: string; args: unknown[] }> = [];
  reconnecting?: (e?: Error) => void;
  reconnected?: (id?: string) => void;
  closed?: (e?: Error) => void;
  started = 0;
  stopped = 0;
  failStart: Error | null = null;
  constructor(
    readonly url: string,
    readonly answer: (method: string, args: unknown[]) => unknown,
  ) {}
  async start() {
    this.started++;
    if (this.failStart) throw this.failStart;
  }
  async stop() {
    this.stopped++;
  }
  on(method: string, handler: (...args: never[]) => void) {
    this.handlers.set(method, handler);
  }
  async invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    this.invocations.push({ method, args });
    const result = this.answer(method, args);
    if (result instanceof Error) throw result;
    return result as T;
  }
  onreconnecting(cb: (e?: Error) => void) {
    this.reconnecting = cb;
  }
  onreconnected(cb: (id?: string) => void) {
    this.reconnected = cb;
  }
  onclose(cb: (e?: Error) => void) {
    this.closed = cb;
  }
  push(method: string, payload: unknown) {
    (this.handlers.get(method) as (p: unknown) => void)(payload);
  }
}

const page = { items: [{ id: "r1" }], pageNumber: 1, pageSize: 100, totalCount: 1 };
const view = (turnNumber: number) => ({ matchId: "m1", turnNumber });

function setup(
  answer: (method: string, args: unknown[]) => unknown = () => undefined,
  failStarts = 0,
) {
  const connections: FakeConnection[] = [];
  const trace = vi.fn();
  const token = vi.fn(async () => "tok");
  const client = new HubClient(
    "http://g",
    token,
    (url, t) => {
      expect(t).toBe(token); // the one token source
      const c = new FakeConnection(url, answer);
      if (connections.length < failStarts)
        c.failStart = Object.assign(new Error("401"), { statusCode: 401 });
      connections.push(c);
      return c;
    },
    trace,
  );
  return { client, connections, trace };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("toHubError", () => {
  it("reads the code and sentence of a HubException", () => {
    const e = toHubError(
      new Error(
        "An unexpected error occurred invoking 'Fire' on the server. HubException: NotYourTurn: It is not your turn.",
      ),
    );
    expect(e).toBeInstanceOf(HubError);
    expect(e.code).toBe("NotYourTurn");
    expect(e.message).toBe("It is not your turn.");
    expect(toHubError("weird").code).toBe("Unknown");
  });
});

describe("HubClient", () => {
  it("connects to the lobby once, lists the rooms and forwards room events", async () => {
    const { client, connections } = setup((m) => (m === "ListRooms" ? page : undefined));
    const listed = vi.fn();
    const created = vi.fn();
    const deleted = vi.fn();
    client.on("roomsListed", listed);
    client.on("roomCreated", created);
    const off = client.on("roomDeleted", deleted);

    expect(await client.connectLobby()).toEqual(page);
    await client.connectLobby();
    connections[0]!.push("RoomCreated", { id: "r2" });
    connections[0]!.push("RoomDeleted", "r1");
    off();
    connections[0]!.push("RoomDeleted", "r2");

    expect(connections).toHaveLength(1);
    expect(connections[0]!.url).toBe("http://g/hubs/lobby");
    expect(listed).toHaveBeenCalledTimes(2);
    expect(connections[0]!.invocations[0]).toEqual({
      method: "ListRooms",
      // the largest page the API's document allows (limits.ts)
      args: [{ pageNumber: 1, pageSize: queryMaximum("ListRooms", "pageSize") }],
    });
    expect(created).toHaveBeenCalledWith({ id: "r2" });
    expect(deleted.mock.calls).toEqual([["r1"]]);
    expect(client.state("lobby")).toBe("connected");
  });

  it("joins a match, forwards its events and passes the calls through", async () => {
    const { client, connections } = setup((m) => (m === "JoinMatch" ? view(3) : { ok: m }));
    const events = vi.fn();
    const names = [
      "matchStarted",
      "fleetPlaced",
      "shotFired",
      "chatPosted",
      "matchEnded",
      "viewUpdated",
    ] as const;
    for (const e of names) {
      client.on(e, (p) => events(e, p));
    }

    expect(await client.joinMatch("m1")).toEqual(view(3));
    await client.placeFleet("m1", null);
    await client.fire("m1", 42, 3);
    await client.chat("m1", "gg");
    await client.resign("m1");
    const c = connections[0]!;
    for (const e of names) {
      const m = e.charAt(0).toUpperCase() + e.slice(1); // the hub method: MatchStarted, ...
      c.push(m, { m });
    }

    expect(c.url).toBe("http://g/hubs/match");
    expect(c.invocations.map((i) => [i.method, ...i.args])).toEqual([
      ["JoinMatch", "m1"],
      ["PlaceFleet", "m1", null],
      ["Fire", "m1", 42, 3],
      ["Chat", "m1", "gg"],
      ["Resign", "m1"],
    ]);
    expect(events.mock.calls.map((call) => call[0])).toEqual(names);
  });

  it("turns a refused call into a HubError and traces it", async () => {
    const { client, trace } = setup(
      () => new Error("HubException: NotYourTurn: It is not your turn."),
    );
    const error = await client.fire("m1", 1, 0).catch((e: unknown) => e);
    expect((error as HubError).code).toBe("NotYourTurn");
    expect(trace).toHaveBeenCalledWith("signalr.error", {
      "signalr.method": "Fire",
      "battleship.code": "NotYourTurn",
    });
  });

  it("after a reconnect joins the followed matches again and relists the rooms", async () => {
    let turn = 1;
    const { client, connections } = setup((m) =>
      m === "JoinMatch" ? view(turn) : m === "ListRooms" ? page : undefined,
    );
    const resynced = vi.fn();
    const listed = vi.fn();
    const states = vi.fn();
    client.on("matchResynced", resynced);
    client.on("roomsListed", listed);
    client.on("connection", states);
    await client.joinMatch("m1");
    await client.connectLobby();
    const [match, lobby] = connections;

    match!.reconnecting!(new Error("lost"));
    expect(client.state("match")).toBe("reconnecting");
    turn = 5;
    match!.reconnected!("new-id");
    lobby!.reconnected!("new-id");
    await flush();

    expect(resynced).toHaveBeenCalledWith(view(5));
    expect(listed).toHaveBeenCalledTimes(2);
    expect(client.state("match")).toBe("connected");
    expect(states).toHaveBeenCalledWith({ hub: "match", state: "reconnecting", error: "lost" });
  });

  it("sends a shot made while reconnecting once the connection is back", async () => {
    const { client, connections } = setup((m) => (m === "JoinMatch" ? view(1) : { turn: 1 }));
    await client.joinMatch("m1");
    const match = connections[0]!;
    match.reconnecting!(new Error("lost"));

    const fired = client.fire("m1", 7, 1);
    await flush();
    const sentWhileReconnecting = match.invocations.filter((i) => i.method === "Fire").length;
    match.reconnected!("new-id");

    expect(await fired).toEqual({ turn: 1 });
    expect(sentWhileReconnecting).toBe(0);
    expect(match.invocations.filter((i) => i.method === "Fire")).toHaveLength(1);
  });

  it("sends a shot cut by a lost connection again after the reconnect, but not a fleet", async () => {
    let cut = true;
    const { client, connections } = setup((m) => {
      if (m === "JoinMatch") return view(1);
      if (cut) {
        cut = false;
        connections[0]!.reconnecting!(new Error("lost"));
        return new Error("Invocation canceled due to the underlying connection being closed.");
      }
      return { turn: 1 };
    });
    await client.joinMatch("m1");
    const match = connections[0]!;

    const fired = client.fire("m1", 7, 1);
    await flush();
    match.reconnected!("new-id");
    const shot = await fired;
    cut = true;
    const placing = client.placeFleet("m1", null).catch((e: unknown) => e);
    await flush();
    match.reconnected!("newer-id");

    expect(shot).toEqual({ turn: 1 });
    expect(match.invocations.filter((i) => i.method === "Fire")).toHaveLength(2);
    expect(((await placing) as HubError).code).toBe("Unknown");
    expect(match.invocations.filter((i) => i.method === "PlaceFleet")).toHaveLength(1);
  });

  it("does not rejoin a match it left, and starts a new connection after a close", async () => {
    const { client, connections } = setup((m) => (m === "JoinMatch" ? view(1) : undefined));
    const resynced = vi.fn();
    client.on("matchResynced", resynced);
    await client.joinMatch("m1");
    await client.leaveMatch("m1");
    connections[0]!.reconnected!();
    await flush();
    expect(resynced).not.toHaveBeenCalled();
    expect(connections[0]!.invocations.map((i) => i.method)).toEqual(["JoinMatch", "LeaveMatch"]);

    connections[0]!.closed!(new Error("gone"));
    expect(client.state("match")).toBe("disconnected");
    await client.joinMatch("m1");
    expect(connections).toHaveLength(2);
  });

  it("reports a failed start and tries again next time", async () => {
    const { client, connections } = setup((m) => (m === "ListRooms" ? page : undefined), 1);
    const states = vi.fn();
    client.on("connection", states);
    await expect(client.connectLobby()).rejects.toThrow("401");
    expect(client.state("lobby")).toBe("disconnected");
    expect(states).toHaveBeenLastCalledWith({ hub: "lobby", state: "disconnected", error: "401" });
    await client.connectLobby();
    expect(connections).toHaveLength(2);
  });

  it("stops both connections on sign-out", async () => {
    const { client, connections } = setup((m) => (m === "ListRooms" ? page : view(1)));
    await client.connectLobby();
    await client.joinMatch("m1");
    await client.stop();
    expect(connections.map((c) => c.stopped)).toEqual([1, 1]);
    expect(client.state("lobby")).toBe("disconnected");
    expect(client.state("match")).toBe("disconnected");
  });

  it("reports a failed resync without throwing", async () => {
    let fail = false;
    const { client, connections } = setup((m) =>
      fail
        ? new Error("HubException: Unavailable: The cluster did not answer.")
        : m === "JoinMatch"
          ? view(1)
          : page,
    );
    const states = vi.fn();
    client.on("connection", states);
    await client.joinMatch("m1");
    fail = true;
    connections[0]!.reconnected!();
    await flush();
    expect(states).toHaveBeenLastCalledWith({
      hub: "match",
      state: "connected",
      error: "The cluster did not answer.",
    });
  });
});
