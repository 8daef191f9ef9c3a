/**
 * The one module that owns the SignalR connections (`/hubs/lobby` and `/hubs/match`). It takes the
 * token from the session, reconnects automatically, resynchronises after a reconnect (lists the
 * rooms again, joins the followed matches again) and exposes typed events.
 */
import type {
  ChatMessage,
  FireResult,
  FleetPlacement,
  LobbyClient,
  MatchClient,
  MatchView,
  Page,
  RoomQuery,
  RoomSummary,
} from "./types";
import type { TokenProvider } from "./http";
import { queryMaximum } from "./limits";
import { RateLimitAttempts, rateLimitDelayMs, timerPause, type Pause } from "./retry";

/** Everything the hubs push, and the client's own connection changes. */
export interface HubEvents {
  roomCreated: LobbyClient["RoomCreated"];
  roomUpdated: LobbyClient["RoomUpdated"];
  roomDeleted: LobbyClient["RoomDeleted"];
  /** The full room list after (re)connecting. */
  roomsListed: Page<RoomSummary>;
  matchStarted: MatchClient["MatchStarted"];
  fleetPlaced: MatchClient["FleetPlaced"];
  shotFired: MatchClient["ShotFired"];
  chatPosted: MatchClient["ChatPosted"];
  matchEnded: MatchClient["MatchEnded"];
  viewUpdated: MatchClient["ViewUpdated"];
  /** A followed match's full view after a reconnect. */
  matchResynced: MatchView;
  connection: { hub: HubName; state: ConnectionState; error?: string };
}

export type HubName = "lobby" | "match";
export type ConnectionState = "disconnected" | "connecting" | "connected" | "reconnecting";

/** The parts of `@microsoft/signalr`'s HubConnection this module uses (tests pass a fake). */
export interface HubConnectionLike {
  start(): Promise<void>;
  stop(): Promise<void>;
  on(method: string, handler: (...args: never[]) => void): void;
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  onreconnecting(callback: (error?: Error) => void): void;
  onreconnected(callback: (connectionId?: string) => void): void;
  onclose(callback: (error?: Error) => void): void;
}

/** The hub methods that may be sent again after a lost connection (they may safely run twice). */
const ResendableMethods = new Set(["Fire", "JoinMatch", "LeaveMatch", "ListRooms"]);

/**
 * Whether a failed start is worth trying again: a 429 (the rate limit), a 502/503/504, or a failure
 * without a status. A WebSocket opened without negotiation (the app's way) reports no status, so a
 * refused upgrade (429 included) looks like a gateway that is away; another status (401, 403, 404)
 * is an answer that a second attempt would not change.
 */
export function isRetriableStartFailure(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status !== "number" || [429, 502, 503, 504].includes(status);
}

/** How long a call waits for a reconnecting hub before it is sent (and fails) anyway. */
const ReconnectPatienceMs = 30_000;

export type ConnectionFactory = (url: string, token: TokenProvider) => HubConnectionLike;

/** A refused hub call: the gateway's code (as in the REST API) and its sentence. */
export class HubError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HubError";
  }
}

/** Reads `HubException: Code: sentence` out of a SignalR invocation error. */
export function toHubError(error: unknown): HubError {
  const text = error instanceof Error ? error.message : String(error);
  const match = /HubException: (\w+): (.*)$/s.exec(text);
  if (match) {
    return new HubError(match[1]!, match[2]!.trim());
  }
  return new HubError("Unknown", text);
}

/**
 * The methods each hub calls on its clients (the C# `IMatchClient` and `ILobbyClient`, from the
 * generated hub types: a method added, removed or renamed there fails `tsc` here) and the event
 * each becomes.
 */
const MatchEvents: { [M in keyof MatchClient]: keyof HubEvents } = {
  MatchStarted: "matchStarted",
  FleetPlaced: "fleetPlaced",
  ShotFired: "shotFired",
  ChatPosted: "chatPosted",
  MatchEnded: "matchEnded",
  ViewUpdated: "viewUpdated",
};
const LobbyEvents: { [M in keyof LobbyClient]: keyof HubEvents } = {
  RoomCreated: "roomCreated",
  RoomUpdated: "roomUpdated",
  RoomDeleted: "roomDeleted",
};

interface OpenConnection {
  connection: HubConnectionLike;
  start: Promise<void>;
}

type Handler<K extends keyof HubEvents> = (payload: HubEvents[K]) => void;

/** A reporter for telemetry (connection and message events); optional. */
export type HubTracer = (name: string, attributes: Record<string, string | number>) => void;

export class HubClient {
  private readonly handlers = new Map<keyof HubEvents, Set<Handler<never>>>();
  /** Each hub's connection and its start, while it is open or opening. */
  private readonly open: Record<HubName, OpenConnection | null> = { lobby: null, match: null };
  private readonly followed = new Set<string>();
  private readonly states: Record<HubName, ConnectionState> = {
    lobby: "disconnected",
    match: "disconnected",
  };

  constructor(
    private readonly baseUrl: string,
    private readonly token: TokenProvider,
    private readonly factory: ConnectionFactory,
    private readonly trace: HubTracer = () => {},
    private readonly pause: Pause = timerPause,
  ) {}

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof HubEvents>(event: K, handler: Handler<K>): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }
    set.add(handler as Handler<never>);
    return () => set.delete(handler as Handler<never>);
  }

  state(hub: HubName): ConnectionState {
    return this.states[hub];
  }

  /** Connects to the lobby hub (once) and lists the rooms. */
  async connectLobby(query?: RoomQuery): Promise<Page<RoomSummary>> {
    const connection = await this.ensure("lobby");
    return this.listRooms(query, connection);
  }

  /** Lists the rooms through the lobby hub and tells the listeners. */
  async listRooms(query?: RoomQuery, connection?: HubConnectionLike): Promise<Page<RoomSummary>> {
    const c = connection ?? (await this.ensure("lobby"));
    const page = await this.call<Page<RoomSummary>>(
      c,
      "ListRooms",
      query ?? { pageNumber: 1, pageSize: queryMaximum("ListRooms", "pageSize") },
    );
    this.emit("roomsListed", page);
    return page;
  }

  /** Follows a match: receives its events from now on, and its full current view. */
  async joinMatch(matchId: string): Promise<MatchView> {
    const c = await this.ensure("match");
    const view = await this.call<MatchView>(c, "JoinMatch", matchId);
    this.followed.add(matchId);
    return view;
  }

  /** Stops following a match. */
  async leaveMatch(matchId: string): Promise<void> {
    this.followed.delete(matchId);
    const match = this.open.match?.connection;
    if (match && this.states.match === "connected") {
      await this.call<void>(match, "LeaveMatch", matchId);
    }
  }

  /** Places the fleet: the given placements, or a random fleet when null. */
  async placeFleet(matchId: string, placements: FleetPlacement[] | null): Promise<MatchView> {
    return this.call<MatchView>(await this.ensure("match"), "PlaceFleet", matchId, placements);
  }

  /** Fires at a cell on the turn the viewer saw. */
  async fire(matchId: string, cell: number, expectedTurn: number): Promise<FireResult> {
    return this.call<FireResult>(await this.ensure("match"), "Fire", matchId, cell, expectedTurn);
  }

  async chat(matchId: string, text: string): Promise<ChatMessage> {
    return this.call<ChatMessage>(await this.ensure("match"), "Chat", matchId, text);
  }

  async resign(matchId: string): Promise<MatchView> {
    return this.call<MatchView>(await this.ensure("match"), "Resign", matchId);
  }

  /** Closes both connections (sign-out). */
  async stop(): Promise<void> {
    this.followed.clear();
    const connections = [this.open.lobby, this.open.match];
    this.open.lobby = this.open.match = null;
    await Promise.all(connections.map((o) => o?.connection.stop().catch(() => undefined)));
    this.setState("lobby", "disconnected");
    this.setState("match", "disconnected");
  }

  /**
   * Invokes a hub method. A call made while its connection is reconnecting waits until it is back
   * (or closed); a call that the loss of the connection cut is sent again once it is back when the
   * method may safely run twice ({@link ResendableMethods}: a shot names its turn, so a repeat is
   * answered from the match's log). Without this, a shot clicked while the page was reconnecting
   * was lost with "Cannot send data if the connection is not in the 'Connected' State".
   */
  private async call<T>(c: HubConnectionLike, method: string, ...args: unknown[]): Promise<T> {
    const hub: HubName = c === this.open.lobby?.connection ? "lobby" : "match";
    this.trace("signalr.invoke", { "signalr.method": method });
    for (let attempt = 1; ; attempt++) {
      await this.connected(hub);
      try {
        return await c.invoke<T>(method, ...args);
      } catch (e) {
        const error = toHubError(e);
        const cut = error.code === "Unknown" && this.states[hub] === "reconnecting";
        if (cut && attempt === 1 && ResendableMethods.has(method)) {
          this.trace("signalr.resend", { "signalr.method": method });
          continue;
        }
        this.trace("signalr.error", { "signalr.method": method, "battleship.code": error.code });
        throw error;
      }
    }
  }

  /** Resolves at once unless the hub is reconnecting; then when it is back (or gone, or after 30 s). */
  private connected(hub: HubName): Promise<void> {
    if (this.states[hub] !== "reconnecting") return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      const timer = setTimeout(done, ReconnectPatienceMs);
      const off = this.on("connection", (change) => {
        if (change.hub === hub && change.state !== "reconnecting") done();
      });
    });
  }

  private async ensure(hub: HubName): Promise<HubConnectionLike> {
    const existing = this.open[hub];
    if (existing) {
      await existing.start;
      return existing.connection;
    }
    const connection = this.factory(`${this.baseUrl}/hubs/${hub}`, this.token);
    this.wire(hub, connection);
    this.setState(hub, "connecting");
    const start = this.startWaitingOut(connection).then(
      () => this.setState(hub, "connected"),
      (e: unknown) => {
        this.open[hub] = null;
        this.setState(hub, "disconnected", e instanceof Error ? e.message : String(e));
        throw e;
      },
    );
    this.open[hub] = { connection, start };
    await start;
    return connection;
  }

  /**
   * Starts a connection, and again after a retriable failure ({@link isRetriableStartFailure}) with
   * an exponential backoff (1, 2, 4 s; SignalR's errors carry no Retry-After), four attempts in all.
   */
  private async startWaitingOut(connection: HubConnectionLike): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await connection.start();
        return;
      } catch (e) {
        if (!isRetriableStartFailure(e) || attempt >= RateLimitAttempts) throw e;
        await this.pause(rateLimitDelayMs(attempt));
      }
    }
  }

  private wire(hub: HubName, c: HubConnectionLike): void {
    const forward =
      <K extends keyof HubEvents>(event: K) =>
      (payload: HubEvents[K]) => {
        this.trace("signalr.message", { "signalr.hub": hub, "signalr.event": event });
        this.emit(event, payload);
      };
    for (const [method, event] of Object.entries(hub === "lobby" ? LobbyEvents : MatchEvents)) {
      c.on(method, forward(event));
    }
    c.onreconnecting((e) => this.setState(hub, "reconnecting", e?.message));
    c.onreconnected(() => {
      this.setState(hub, "connected");
      void this.resync(hub, c);
    });
    c.onclose((e) => {
      if (this.open[hub]?.connection === c) {
        this.open[hub] = null;
      }
      this.setState(hub, "disconnected", e?.message);
    });
  }

  /** After a reconnect the connection follows nothing: list the rooms or join the matches again. */
  private async resync(hub: HubName, c: HubConnectionLike): Promise<void> {
    try {
      if (hub === "lobby") {
        await this.listRooms(undefined, c);
        return;
      }
      for (const matchId of [...this.followed]) {
        const view = await this.call<MatchView>(c, "JoinMatch", matchId);
        this.emit("matchResynced", view);
      }
    } catch (e) {
      this.setState(hub, this.states[hub], e instanceof Error ? e.message : String(e));
    }
  }

  private setState(hub: HubName, state: ConnectionState, error?: string): void {
    this.states[hub] = state;
    this.trace("signalr.connection", { "signalr.hub": hub, "signalr.state": state });
    this.emit("connection", error ? { hub, state, error } : { hub, state });
  }

  private emit<K extends keyof HubEvents>(event: K, payload: HubEvents[K]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) {
      (handler as Handler<K>)(payload);
    }
  }
}
