/** The app's services, made once at start: configuration, session, REST client, hubs, stores. */
import { HttpTransportType, HubConnectionBuilder, LogLevel } from "@microsoft/signalr";
import { createAuth0Client } from "@auth0/auth0-spa-js";
import { ApiClient } from "./api/http";
import { GameApi } from "./api/endpoints";
import { HubClient } from "./api/hubs";
import { Session, type ClientConfig, type Auth0Like } from "./auth/session";
import { LobbyStore } from "./stores/lobby";
import { MatchStore } from "./stores/match";
import { recordEvent, startTelemetry } from "./telemetry";
import { fetchWaitingOutRateLimit } from "./api/retry";

export interface Services {
  config: ClientConfig;
  session: Session;
  api: GameApi;
  hubs: HubClient;
  lobby: LobbyStore;
  match: MatchStore;
}

let services: Services | null = null;

export function getServices(): Services {
  if (!services) throw new Error("The app has not started.");
  return services;
}

/**
 * The gateway's base URL: empty (relative URLs to the serving gateway) unless the build sets
 * VITE_GATEWAY_URL.
 */
export const gatewayUrl: string = (import.meta.env.VITE_GATEWAY_URL as string | undefined) ?? "";

export async function startServices(): Promise<Services> {
  // Anonymous, so limited per address: a busy shared network may be told 429; wait it out.
  const response = await fetchWaitingOutRateLimit(
    (input, init) => fetch(input, init),
    `${gatewayUrl}/api/config`,
    {
      headers: { Accept: "application/json" },
    },
  );
  if (!response.ok)
    throw new Error(`The server's configuration cannot be read (${response.status}).`);
  const config = (await response.json()) as ClientConfig;
  startTelemetry(config.otlpTracesEndpoint);
  let auth0: Auth0Like | null = null;
  if (config.authMode === "auth0" && config.auth0Domain && config.auth0ClientId) {
    const client = await createAuth0Client({
      domain: config.auth0Domain,
      clientId: config.auth0ClientId,
      cacheLocation: "memory",
      useRefreshTokens: true,
      authorizationParams: {
        audience: config.auth0Audience ?? undefined,
        redirect_uri: globalThis.location.origin,
      },
    });
    auth0 = {
      isAuthenticated: () => client.isAuthenticated(),
      getTokenSilently: async () => (await client.getTokenSilently()) ?? "",
      loginWithRedirect: () => client.loginWithRedirect(),
      handleRedirectCallback: () => client.handleRedirectCallback(),
      getUser: () => client.getUser(),
      logout: (options) => client.logout(options),
    };
  }
  const session = new Session(
    config,
    gatewayUrl,
    (input, init) => fetchWaitingOutRateLimit((i, n) => fetch(i, n), input, init),
    globalThis.localStorage,
    auth0,
  );
  const token = () => session.getToken();
  const http = new ApiClient(gatewayUrl, token);
  const hubs = new HubClient(
    gatewayUrl,
    token,
    (url, accessTokenFactory) =>
      new HubConnectionBuilder()
        // WebSockets straight away (no negotiate round trip): the connection is then one request,
        // so a load balancer in front of several gateways needs no sticky sessions (docs/chaos.md).
        .withUrl(url, {
          accessTokenFactory: async () => (await accessTokenFactory()) ?? "",
          skipNegotiation: true,
          transport: HttpTransportType.WebSockets,
        })
        .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
        .configureLogging(LogLevel.Warning)
        .build(),
    recordEvent,
  );
  services = {
    config,
    session,
    api: new GameApi(http),
    hubs,
    lobby: new LobbyStore(),
    match: new MatchStore(),
  };
  await session.restore().catch(() => undefined);
  return services;
}
