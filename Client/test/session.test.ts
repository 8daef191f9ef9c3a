import { describe, expect, it, vi } from "vitest";
import {
  Session,
  type Auth0Like,
  type ClientConfig,
  type KeyValueStorage,
} from "../src/auth/session";
import { ApiError, type Fetch } from "../src/api/http";

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

const local: ClientConfig = { authMode: "local" };
const t0 = Date.parse("2026-11-28T12:00:00Z");

function issuer() {
  let n = 0;
  const requests: unknown[] = [];
  const fetcher: Fetch = async (_url, init) => {
    const body = JSON.parse(String(init?.body)) as { displayName: string; subject?: string };
    requests.push(body);
    if (body.displayName === "") {
      return new Response(
        JSON.stringify({ code: "Validation", detail: "A name has 1 to 32 characters." }),
        { status: 400 },
      );
    }
    n++;
    return new Response(
      JSON.stringify({
        accessToken: `token-${n}`,
        expiresAt: new Date(t0 + 3600_000).toISOString(),
        subject: body.subject ?? "local|abc",
      }),
      { status: 200 },
    );
  };
  return { fetcher, requests };
}

const location = { search: "", origin: "http://app", replaceQuery: vi.fn() };

describe("Session (local issuer)", () => {
  it("signs in, remembers the subject (not the token) and hands out the token", async () => {
    const { fetcher, requests } = issuer();
    const storage = new MemoryStorage();
    const session = new Session(local, "", fetcher, storage, null, () => t0, location);

    expect(await session.getToken()).toBeNull();
    await session.signInLocal("Alice");

    expect(session.state.value).toEqual({
      status: "signed-in",
      displayName: "Alice",
      subject: "local|abc",
    });
    expect(await session.getToken()).toBe("token-1");
    expect(requests).toEqual([{ displayName: "Alice" }]);
    expect([...storage.items.values()].join()).not.toContain("token");
  });

  it("renews the token shortly before it expires, once for concurrent callers", async () => {
    const { fetcher, requests } = issuer();
    let now = t0;
    const session = new Session(local, "", fetcher, new MemoryStorage(), null, () => now, location);
    await session.signInLocal("Alice");
    now = t0 + 3600_000 - 30_000;

    const [a, b] = await Promise.all([session.getToken(), session.getToken()]);

    expect(a).toBe("token-2");
    expect(b).toBe("token-2");
    expect(requests).toEqual([
      { displayName: "Alice" },
      { displayName: "Alice", subject: "local|abc" },
    ]);
  });

  it("restores the remembered user as the same subject", async () => {
    const { fetcher, requests } = issuer();
    const storage = new MemoryStorage();
    await new Session(local, "", fetcher, storage, null, () => t0, location).signInLocal("Alice");
    const again = new Session(local, "", fetcher, storage, null, () => t0, location);

    await again.restore();

    expect(again.state.value.status).toBe("signed-in");
    expect(requests[1]).toEqual({ displayName: "Alice", subject: "local|abc" });
  });

  it("forgets a broken memory, and reports a refused sign-in", async () => {
    const { fetcher } = issuer();
    const storage = new MemoryStorage();
    storage.setItem("battleship.local-identity", "{not json");
    const session = new Session(local, "", fetcher, storage, null, () => t0, location);
    await session.restore();
    expect(storage.items.size).toBe(0);
    expect(session.state.value.status).toBe("signed-out");

    const error = await session.signInLocal("").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("Validation");
    expect(session.state.value).toEqual({
      status: "signed-out",
      error: "A name has 1 to 32 characters.",
    });
  });

  it("signs out: no token, nothing remembered", async () => {
    const { fetcher } = issuer();
    const storage = new MemoryStorage();
    const session = new Session(local, "", fetcher, storage, null, () => t0, location);
    await session.signInLocal("Alice");
    await session.signOut();
    expect(await session.getToken()).toBeNull();
    expect(storage.items.size).toBe(0);
    await expect(session.signInAuth0()).rejects.toThrow(/not configured/);
  });
});

function fakeAuth0(authenticated: boolean): Auth0Like & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isAuthenticated: async () => authenticated,
    getTokenSilently: async () => {
      calls.push("getTokenSilently");
      return "auth0-token";
    },
    loginWithRedirect: async () => {
      calls.push("loginWithRedirect");
    },
    handleRedirectCallback: async () => {
      calls.push("handleRedirectCallback");
    },
    getUser: async () => ({ name: "Ada", sub: "auth0|1" }),
    logout: async (o) => {
      calls.push(`logout:${o?.logoutParams?.returnTo}`);
    },
  };
}

describe("Session (Auth0)", () => {
  const config: ClientConfig = {
    authMode: "auth0",
    auth0Domain: "t.auth0.com",
    auth0ClientId: "c",
    auth0Audience: "a",
  };
  const auth0Session = (auth0: Auth0Like, back: typeof location) =>
    new Session(config, "", issuer().fetcher, new MemoryStorage(), auth0, () => t0, back);

  it("finishes the redirect, then takes tokens from the SDK", async () => {
    const auth0 = fakeAuth0(true);
    const back = { search: "?code=1&state=2", origin: "http://app", replaceQuery: vi.fn() };
    const session = auth0Session(auth0, back);

    await session.restore();

    expect(back.replaceQuery).toHaveBeenCalled();
    expect(session.state.value).toEqual({
      status: "signed-in",
      displayName: "Ada",
      subject: "auth0|1",
    });
    expect(await session.getToken()).toBe("auth0-token");
    expect(auth0.calls).toEqual(["handleRedirectCallback", "getTokenSilently"]);
  });

  it("starts sign-in with a redirect and signs out at the tenant", async () => {
    const auth0 = fakeAuth0(false);
    const session = auth0Session(auth0, location);
    await session.restore();
    expect(session.state.value.status).toBe("signed-out");
    await session.signInAuth0();
    await session.signOut();
    expect(auth0.calls).toEqual(["loginWithRedirect", "logout:http://app"]);
  });
});
