import { describe, expect, it } from "vitest";
import {
  ApiClient,
  ApiError,
  buildUrl,
  describeError,
  newIdempotencyKey,
  type Fetch,
} from "../src/api/http";

function fakeFetch(status: number, body?: unknown, headers: Record<string, string> = {}) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetcher: Fetch = async (url, init) => {
    calls.push({ url, init });
    const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers });
  };
  return { fetcher, calls };
}

describe("buildUrl", () => {
  it("leaves out empty parameters and joins the base", () => {
    expect(
      buildUrl("http://g/", "/api/rooms", {
        status: "Open",
        hasSpace: true,
        page: undefined,
        q: "",
      }),
    ).toBe("http://g/api/rooms?status=Open&hasSpace=true");
    expect(buildUrl("", "/api/me")).toBe("/api/me");
  });
});

function sequenceFetch(...statuses: number[]) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetcher: Fetch = async (url, init) => {
    calls.push({ url, init });
    const status = statuses[Math.min(calls.length - 1, statuses.length - 1)]!;
    if (status === 0) throw new TypeError("Failed to fetch");
    return new Response(status === 201 ? '{"id":"r1"}' : "", { status });
  };
  return { fetcher, calls };
}

describe("newIdempotencyKey", () => {
  it("makes random version-4 UUIDs without crypto.randomUUID (missing outside secure contexts)", () => {
    const randomUUID = crypto.randomUUID;
    Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
    try {
      const keys = Array.from({ length: 50 }, () => newIdempotencyKey());
      for (const key of keys)
        expect(key).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      expect(new Set(keys).size).toBe(50);
    } finally {
      Object.defineProperty(crypto, "randomUUID", { value: randomUUID, configurable: true });
    }
  });
});

describe("ApiClient, a request whose outcome is unknown", () => {
  const noPause = async () => {};

  it("sends a create again after a 502 with the same Idempotency-Key", async () => {
    const { fetcher, calls } = sequenceFetch(502, 0, 201);
    const api = new ApiClient("", async () => "tok", fetcher, noPause);

    const room = await api.post<{ id: string }>("/api/rooms", { name: "Harbour" }, "withKey");

    expect(room.id).toBe("r1");
    const keys = calls.map((c) => (c.init!.headers as Record<string, string>)["Idempotency-Key"]);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("does not repeat a POST that is not idempotent, nor any refusal", async () => {
    const lost = sequenceFetch(502, 201);
    const refused = sequenceFetch(409, 201);

    const first = await new ApiClient("", async () => "tok", lost.fetcher, noPause)
      .post("/api/rooms/x/leave")
      .catch((e: unknown) => e);
    const second = await new ApiClient("", async () => "tok", refused.fetcher, noPause)
      .post("/api/rooms/x/join", {}, "repeatable")
      .catch((e: unknown) => e);

    expect((first as ApiError).status).toBe(502);
    expect(lost.calls).toHaveLength(1);
    expect((second as ApiError).status).toBe(409);
    expect(refused.calls).toHaveLength(1);
    expect(
      (lost.calls[0]!.init!.headers as Record<string, string>)["Idempotency-Key"],
    ).toBeUndefined();
  });

  it("gives up after three attempts", async () => {
    const { fetcher, calls } = sequenceFetch(504);
    const error = await new ApiClient("", async () => "tok", fetcher, noPause)
      .get("/api/rooms")
      .catch((e: unknown) => e);

    expect((error as ApiError).status).toBe(504);
    expect(calls).toHaveLength(3);
  });
});

describe("ApiClient", () => {
  it("sends the bearer token and JSON body, answers the parsed body", async () => {
    const { fetcher, calls } = fakeFetch(201, { id: "r1" });
    const api = new ApiClient("", async () => "tok", fetcher);

    const room = await api.post<{ id: string }>("/api/rooms", { name: "Harbour" });

    expect(room.id).toBe("r1");
    const headers = calls[0]!.init!.headers as Record<string, string>;
    expect(headers.Authorization).toBe("Bearer tok");
    expect(headers["Content-Type"]).toBe("application/json");
    expect(calls[0]!.init!.method).toBe("POST");
    expect(calls[0]!.init!.body).toBe('{"name":"Harbour"}');
  });

  it("sends no token when signed out or anonymous", async () => {
    const { fetcher, calls } = fakeFetch(200, {});
    await new ApiClient("", async () => null, fetcher).get("/api/config");
    await new ApiClient("", async () => "tok", fetcher).request("/api/config", { anonymous: true });
    for (const c of calls)
      expect((c.init!.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it("turns ProblemDetails into an ApiError with the code", async () => {
    const { fetcher } = fakeFetch(409, {
      title: "Conflict",
      detail: "Both seats are taken.",
      code: "RoomFull",
    });
    const api = new ApiClient("", async () => "tok", fetcher);

    const error = await api.post("/api/rooms/x/join").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("RoomFull");
    expect((error as ApiError).status).toBe(409);
    expect(describeError(error)).toBe("Both seats are taken.");
  });

  it("reads Retry-After when the body has none", async () => {
    const { fetcher, calls } = fakeFetch(429, "slow down", { "Retry-After": "7" });
    const pauses: number[] = [];
    const pause = async (ms: number) => {
      pauses.push(ms);
    };
    const error = (await new ApiClient("", async () => null, fetcher, pause)
      .get("/api/me")
      .catch((e: unknown) => e)) as ApiError;
    expect(calls).toHaveLength(4); // the 429 was waited out three times before it was given up
    expect(pauses).toEqual([7000, 7000, 7000]);
    expect(error.code).toBe("Http429");
    expect(error.problem.retryAfterSeconds).toBe(7);
    expect(error.message).toBe("slow down");
  });

  it("answers undefined for 204 and PUT/DELETE use their methods", async () => {
    const { fetcher, calls } = fakeFetch(204);
    const api = new ApiClient("http://g", async () => "t", fetcher);
    expect(await api.delete("/api/agents/1")).toBeUndefined();
    await api.put("/api/me", { displayName: "A" });
    expect(calls.map((c) => c.init!.method)).toEqual(["DELETE", "PUT"]);
    expect(calls[0]!.url).toBe("http://g/api/agents/1");
  });

  it("reports an unreachable server as a Network error", async () => {
    const api = new ApiClient(
      "",
      async () => null,
      async () => {
        throw new TypeError("Failed to fetch");
      },
      async () => {}, // the attempts after the first (a GET is repeated) without waiting
    );
    const error = (await api.get("/api/me").catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("Network");
    expect(error.status).toBe(0);
  });

  it("describes any error", () => {
    expect(describeError(new Error("boom"))).toBe("boom");
    expect(describeError("plain")).toBe("plain");
  });
});
