/**
 * The wire types, taken from the gateway's OpenAPI document (`openapi/v1.json`, generated into
 * `schema.ts` by `npm run types`; a unit test fails when the two disagree and a gateway test fails
 * when the document the gateway serves differs from the committed copy). The hubs' events come the
 * same way from `openapi/hubs.json` (into `hubSchema.ts`), which a gateway test writes from the C#
 * hub contracts (`IMatchClient`, `ILobbyClient`, `RoomQuery`).
 */
import type { components } from "./schema";
import type { components as hubComponents } from "./hubSchema";

type Schemas = components["schemas"];
type HubSchemas = hubComponents["schemas"];

/**
 * ASP.NET Core describes integers as `integer | string` (it would read numbers from strings); the
 * gateway always writes numbers, so the client sees `number`.
 */
export type Wire<T> = [number] extends [T]
  ? [string] extends [T]
    ? Exclude<T, string>
    : T
  : WireInner<T>;
type WireInner<T> = T extends readonly (infer U)[]
  ? Wire<U>[]
  : T extends object
    ? { [K in keyof T]: Wire<T[K]> }
    : T;

export type MatchView = Wire<Schemas["MatchView"]>;
export type BoardView = Wire<Schemas["BoardView"]>;
export type ShotView = Wire<Schemas["ShotView"]>;
export type ShipView = Wire<Schemas["ShipView"]>;
export type FireResult = Wire<Schemas["FireResult"]>;
export type ChatMessage = Wire<Schemas["ChatMessage"]>;
export type Participant = Wire<Schemas["Participant"]>;
export type ParticipantRef = Wire<Schemas["ParticipantRef"]>;
export type RulesSpec = Wire<Schemas["RulesSpec"]>;
export type FleetPlacement = Wire<Schemas["FleetPlacement"]>;
export type MatchReplay = Wire<Schemas["MatchReplay"]>;
export type ReplayMove = Wire<Schemas["ReplayMove"]>;
export type MoveAnalysis = Wire<Schemas["MoveAnalysis"]>;
export type RoomSummary = Wire<Schemas["RoomSummary"]>;
export type RoomView = Wire<Schemas["RoomView"]>;
export type RoomMember = Wire<Schemas["RoomMember"]>;
export type MeView = Wire<Schemas["MeView"]>;
export type UserView = Wire<Schemas["UserView"]>;
export type MatchHistoryItem = Wire<Schemas["MatchHistoryItem"]>;
export type LiveMatch = Wire<Schemas["LiveMatch"]>;
export type LadderRow = Wire<Schemas["LadderRow"]>;
export type AgentProfile = Wire<Schemas["AgentProfile"]>;
export type AgentDetails = Wire<Schemas["AgentDetails"]>;
export type RatingSummary = Wire<Schemas["RatingSummary"]>;
export type ClientConfigView = Wire<Schemas["ClientConfig"]>;
export type IssuedToken = Wire<Schemas["IssuedToken"]>;
export type CreateRoomBody = Wire<Schemas["CreateRoomBody"]>;
export type CreateMatchBody = Wire<Schemas["CreateMatchBody"]>;
export type MatchStatus = Schemas["MatchStatus"];
export type RoomStatus = Schemas["RoomStatus"];
export type ShipType = Schemas["ShipType"];
export type EndReason = Schemas["EndReason"];

/** A page of a list (`items`, `pageNumber`, `pageSize`, `totalCount`). */
export interface Page<T> {
  items: T[];
  pageNumber: number;
  pageSize: number;
  totalCount: number;
}

/** `ListRooms`' argument on the lobby hub (the C# `RoomQuery`; the hub fills in what is left out). */
export type RoomQuery = Partial<Wire<HubSchemas["RoomQuery"]>>;

/** What `/hubs/match` sends: each hub method (the C# `IMatchClient`) with its payload. */
export type MatchClient = Wire<HubSchemas["MatchClient"]>;
/** What `/hubs/lobby` sends: each hub method (the C# `ILobbyClient`) with its payload. */
export type LobbyClient = Wire<HubSchemas["LobbyClient"]>;
