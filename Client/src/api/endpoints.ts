/** Typed calls of the gateway's REST API (paths as in docs/api.md). */
import type { ApiClient } from "./http";
import type {
  AgentDetails,
  AgentProfile,
  CreateRoomBody,
  LadderRow,
  MatchHistoryItem,
  MatchReplay,
  MatchView,
  MeView,
  Page,
  RoomSummary,
  RoomView,
  UserView,
} from "./types";

export class GameApi {
  constructor(readonly http: ApiClient) {}

  me = () => this.http.get<MeView>("/api/me");
  renameMe = (displayName: string) => this.http.put<MeView>("/api/me", { displayName });
  user = (id: string) => this.http.get<UserView>(`/api/users/${id}`);
  userMatches = (id: string, page = 1, pageSize = 20) =>
    this.http.get<Page<MatchHistoryItem>>(`/api/users/${id}/matches`, { page, pageSize });

  rooms = (query: { status?: string; hasSpace?: boolean; vsAi?: boolean; page?: number }) =>
    this.http.get<Page<RoomSummary>>("/api/rooms", query);
  room = (id: string) => this.http.get<RoomView>(`/api/rooms/${id}`);
  createRoom = (body: CreateRoomBody) => this.http.post<RoomView>("/api/rooms", body);
  joinRoom = (id: string, asSpectator = false) =>
    this.http.post<RoomView>(`/api/rooms/${id}/join`, { asSpectator });
  leaveRoom = (id: string) => this.http.post<RoomView>(`/api/rooms/${id}/leave`);
  ready = (id: string, ready = true) =>
    this.http.post<RoomView>(`/api/rooms/${id}/ready`, { ready });
  closeRoom = (id: string) => this.http.post<RoomView>(`/api/rooms/${id}/close`);

  startVsAgent = (agentId: string, youFirst = true) =>
    this.http.post<MatchView>("/api/matches", { agentId, youFirst });
  match = (id: string) => this.http.get<MatchView>(`/api/matches/${id}`);
  replay = (id: string) => this.http.get<MatchReplay>(`/api/matches/${id}/replay`);

  agents = () => this.http.get<AgentProfile[]>("/api/agents");
  agent = (id: string) => this.http.get<AgentDetails>(`/api/agents/${id}`);
  agentMatches = (id: string, page = 1, pageSize = 20) =>
    this.http.get<Page<MatchHistoryItem>>(`/api/agents/${id}/matches`, { page, pageSize });
  ladder = (scope: "All" | "Users" | "Agents" = "All", page = 1, pageSize = 50) =>
    this.http.get<Page<LadderRow>>("/api/ladder", { scope, page, pageSize });
}
