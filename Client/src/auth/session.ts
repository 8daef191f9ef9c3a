/**
 * The one place that holds the access token. API and hub calls ask {@link Session.getToken}.
 * Two ways in: Auth0 (auth0-spa-js, PKCE, tokens in memory, silent refresh) when the gateway's
 * public configuration names a tenant, otherwise the gateway's local issuer (a display name).
 */
import { Store } from "../stores/store";
import type { Fetch } from "../api/http";
import { ApiError } from "../api/http";
import type { ClientConfigView } from "../api/types";

/**
 * What `GET /api/config` answers (the generated `ClientConfig`; the document types the mode as a
 * string and names its three values in words).
 */
export type ClientConfig = Partial<Omit<ClientConfigView, "authMode">> & {
  authMode: "auth0" | "local" | "none";
};

/** Who is signed in. */
export interface SessionState {
  status: "signed-out" | "signing-in" | "signed-in";
  displayName?: string;
  subject?: string;
  error?: string;
}

/** The parts of auth0-spa-js's client the session uses (tests pass a fake). */
export interface Auth0Like {
  isAuthenticated(): Promise<boolean>;
  getTokenSilently(): Promise<string>;
  loginWithRedirect(): Promise<void>;
  handleRedirectCallback(): Promise<unknown>;
  getUser(): Promise<{ name?: string; nickname?: string; sub?: string } | undefined>;
  logout(options?: { logoutParams?: { returnTo?: string } }): Promise<void>;
}

/** Where the local sign-in remembers who you were (not the token: tokens stay in memory). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

interface LocalToken {
  accessToken: string;
  expiresAt: string;
  subject: string;
}

const identityKey = "battleship.local-identity";
/** Renew a local token this long before it expires. */
const refreshMarginMs = 60_000;

export class Session {
  readonly state = new Store<SessionState>({ status: "signed-out" });
  private localToken: LocalToken | null = null;
  private pending: Promise<string | null> | null = null;

  constructor(
    readonly config: ClientConfig,
    private readonly baseUrl: string,
    private readonly fetcher: Fetch,
    private readonly storage: KeyValueStorage,
    private readonly auth0: Auth0Like | null = null,
    private readonly now: () => number = () => Date.now(),
    private readonly location: { search: string; origin: string; replaceQuery(): void } = {
      search: globalThis.location?.search ?? "",
      origin: globalThis.location?.origin ?? "",
      replaceQuery: () => globalThis.history?.replaceState({}, "", globalThis.location.pathname),
    },
  ) {}

  /** Restores a session at start: finishes an Auth0 redirect, or signs the remembered local user in again. */
  async restore(): Promise<void> {
    if (this.config.authMode === "auth0" && this.auth0) {
      if (this.location.search.includes("code=") && this.location.search.includes("state=")) {
        await this.auth0.handleRedirectCallback();
        this.location.replaceQuery();
      }
      if (await this.auth0.isAuthenticated()) {
        const user = await this.auth0.getUser();
        this.state.set({
          status: "signed-in",
          displayName: user?.name ?? user?.nickname,
          subject: user?.sub,
        });
      }
      return;
    }
    const saved = this.storage.getItem(identityKey);
    if (this.config.authMode === "local" && saved) {
      try {
        const identity = JSON.parse(saved) as { displayName: string; subject: string };
        await this.signInLocal(identity.displayName, identity.subject);
      } catch {
        this.storage.removeItem(identityKey);
        this.state.set({ status: "signed-out" });
      }
    }
  }

  /** Signs in through the local issuer; a known subject signs the same user in again. */
  async signInLocal(displayName: string, subject?: string): Promise<void> {
    this.state.set({ status: "signing-in", displayName });
    try {
      const token = await this.issueLocal(displayName, subject);
      this.storage.setItem(identityKey, JSON.stringify({ displayName, subject: token.subject }));
      this.state.set({ status: "signed-in", displayName, subject: token.subject });
    } catch (e) {
      this.state.set({ status: "signed-out", error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  /** Starts the Auth0 sign-in (a redirect to the tenant's login page). */
  async signInAuth0(): Promise<void> {
    if (!this.auth0) {
      throw new Error("Auth0 is not configured on this server.");
    }
    await this.auth0.loginWithRedirect();
  }

  /** The current access token, renewed when it is about to expire; null when signed out. */
  async getToken(): Promise<string | null> {
    if (this.state.value.status === "signed-out") {
      return null;
    }
    if (this.config.authMode === "auth0" && this.auth0) {
      return this.auth0.getTokenSilently(); // cached in memory, refreshed silently by the SDK
    }
    const token = this.localToken;
    if (token && Date.parse(token.expiresAt) - this.now() > refreshMarginMs) {
      return token.accessToken;
    }
    const identity = this.state.value;
    if (!identity.displayName) {
      return null;
    }
    this.pending ??= this.issueLocal(identity.displayName, identity.subject)
      .then((t) => t.accessToken)
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  /** Signs out here and, with Auth0, at the tenant too (every tab and app of this browser). */
  async signOut(): Promise<void> {
    this.localToken = null;
    this.storage.removeItem(identityKey);
    this.state.set({ status: "signed-out" });
    if (this.config.authMode === "auth0" && this.auth0) {
      await this.auth0.logout({ logoutParams: { returnTo: this.location.origin } });
    }
  }

  private async issueLocal(displayName: string, subject?: string): Promise<LocalToken> {
    const response = await this.fetcher(`${this.baseUrl}/auth/dev-token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(subject ? { displayName, subject } : { displayName }),
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      throw new ApiError(response.status, body);
    }
    const token = body as unknown as LocalToken;
    this.localToken = token;
    return token;
  }
}
