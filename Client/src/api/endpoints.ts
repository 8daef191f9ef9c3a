/**
 * Typed calls of the gateway's REST API. Each answer type is the operation's own success response
 * in the generated schema, so a contract change in the gateway fails `tsc` here.
 */
import type { ApiClient } from "./http";
import type { operations } from "./schema";
import type { CreateRoomBody, Wire } from "./types";
import { queryMaximum } from "./limits";

type Success<R> = R extends { 200: { content: { "application/json": infer T } } }
  ? T
  : R extends { 201: { content: { "application/json": infer U } } }
    ? U
    : never;

/** The success body of an operation (by its OpenAPI operationId). */
export type Ok<K extends keyof operations> = Wire<Success<operations[K]["responses"]>>;

export class GameApi {
  constructor(readonly http: ApiClient) {}

  me = () => this.http.get<Ok<"GetMe">>("/api/me");
  renameMe = (displayName: string) => this.http.put<Ok<"UpdateMe">>("/api/me", { displayName });
  user = (id: string) => this.http.get<Ok<"GetUser">>(`/api/users/${id}`);
  userMatches = (id: string, page = 1, pageSize = 20) =>
    this.http.get<Ok<"GetUserMatches">>(`/api/users/${id}/matches`, { page, pageSize });

  /** Matches being played in public rooms, newest room first (anyone signed in may watch them). */
  liveMatches = (page = 1, pageSize = 20) =>
    this.http.get<Ok<"ListLiveMatches">>("/api/matches/live", { page, pageSize });

  room = (id: string) => this.http.get<Ok<"GetRoom">>(`/api/rooms/${id}`);
  createRoom = (body: CreateRoomBody) =>
    this.http.post<Ok<"CreateRoom">>("/api/rooms", body, "withKey");
  joinRoom = (id: string, asSpectator = false) =>
    this.http.post<Ok<"JoinRoom">>(`/api/rooms/${id}/join`, { asSpectator }, "repeatable");
  leaveRoom = (id: string) => this.http.post<Ok<"LeaveRoom">>(`/api/rooms/${id}/leave`);
  ready = (id: string, ready = true) =>
    this.http.post<Ok<"SetReady">>(`/api/rooms/${id}/ready`, { ready }, "repeatable");
  closeRoom = (id: string) => this.http.post<Ok<"CloseRoom">>(`/api/rooms/${id}/close`);
  /** Offers (or agrees to) a rematch after the room's match; `accept` false declines it for both. */
  rematch = (id: string, accept = true) =>
    accept
      ? this.http.post<Ok<"Rematch">>(`/api/rooms/${id}/rematch`, { accept }, "repeatable")
      : this.http.post<Ok<"Rematch">>(`/api/rooms/${id}/rematch`, { accept });

  /** A match against an agent; `turnSeconds` 0 is untimed (the client's default against agents). */
  startVsAgent = (agentId: string, youFirst = true, turnSeconds = 0) =>
    this.http.post<Ok<"CreateMatch">>(
      "/api/matches",
      { agentId, youFirst, turnSeconds },
      "withKey",
    );
  replay = (id: string) => this.http.get<Ok<"GetReplay">>(`/api/matches/${id}/replay`);
  /**
   * The agent's view of the position before move `move` (0-based) of a finished match; 409
   * `MatchNotFinished` while it is still being played.
   */
  moveAnalysis = (id: string, move: number) =>
    this.http.get<Ok<"GetMoveAnalysis">>(`/api/matches/${id}/analysis`, { move });

  agents = (page = 1, pageSize = queryMaximum("ListAgents", "pageSize")) =>
    this.http.get<Ok<"ListAgents">>("/api/agents", { page, pageSize });
  agent = (id: string) => this.http.get<Ok<"GetAgent">>(`/api/agents/${id}`);
  agentMatches = (id: string, page = 1, pageSize = 20) =>
    this.http.get<Ok<"GetAgentMatches">>(`/api/agents/${id}/matches`, { page, pageSize });
  ladder = (scope: "All" | "Users" | "Agents" = "All", page = 1, pageSize = 50) =>
    this.http.get<Ok<"GetLadder">>("/api/ladder", { scope, page, pageSize });
  /** The caller's own line of the ladder, with its rank; undefined before the first rated match. */
  myLadderRow = (scope: "All" | "Users" = "All") =>
    this.http.get<Ok<"GetMyLadderRow"> | undefined>("/api/ladder/me", { scope });
}
