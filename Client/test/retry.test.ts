import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiClient, ApiError } from "../src/api/http";
import { HubClient, isRetriableStartFailure, type HubConnectionLike } from "../src/api/hubs";
import {
  fetchWaitingOutRateLimit,
  parseRetryAfter,
  rateLimitDelayMs,
  RateLimitAttempts,
} from "../src/api/retry";

/** A fetch that answers the scripted statuses in turn (the last one again when they run out). */
function scripted(...answers: Array<{ status: number; retryAfter?: string }>) {
  const times: number[] = [];
  const fetcher = vi.fn(async () => {
    times.push(Date.now());
    const a = answers[Math.min(times.length - 1, answers.length - 1)]!;
    const headers: Record<string, string> = a.retryAfter ? { "Retry-After": a.retryAfter } : {};
    const body =
      a.status === 429 ? { code: "RateLimited", detail: "Too many requests." } : { ok: true };
    return new Response(JSON.stringify(body), { status: a.status, headers });
  });
  return { fetcher, times };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-12-07T09:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

describe("rate-limit delays", () => {
  it("back off exponentially and honour a longer Retry-After, within a minute", () => {
    expect([1, 2, 3].map((n) => rateLimitDelayMs(n))).toEqual([1000, 2000, 4000]);
    expect(rateLimitDelayMs(1, 5)).toBe(5000);
    expect(rateLimitDelayMs(3, 1)).toBe(4000);
    expect(rateLimitDelayMs(1, 3600)).toBe(60_000);
  });

  it("read Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("12")).toBe(12);
    expect(parseRetryAfter("Mon, 07 Dec 2026 09:00:30 GMT")).toBe(30);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("fetchWaitingOutRateLimit", () => {
  it("waits Retry-After and sends the request again until it is served", async () => {
    const { fetcher, times } = scripted(
      { status: 429, retryAfter: "3" },
      { status: 429 },
      { status: 200 },
    );

    const pending = fetchWaitingOutRateLimit(fetcher, "/api/config");
    await vi.advanceTimersByTimeAsync(2999);
    expect(fetcher).toHaveBeenCalledTimes(1); // Retry-After: 3 is honoured, not the 1 s backoff
    await vi.advanceTimersByTimeAsync(1);
    expect(fetcher).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2000); // no Retry-After the second time: the 2 s backoff
    const response = await pending;

    expect(response.status).toBe(200);
    expect(times.map((t) => t - times[0]!)).toEqual([0, 3000, 5000]);
  });

  it("gives up after a bounded number of attempts and answers the last 429", async () => {
    const { fetcher, times } = scripted({ status: 429, retryAfter: "1" });

    const pending = fetchWaitingOutRateLimit(fetcher, "/api/config");
    await vi.runAllTimersAsync();
    const response = await pending;

    expect(response.status).toBe(429);
    expect(fetcher).toHaveBeenCalledTimes(RateLimitAttempts);
    expect(times.map((t) => t - times[0]!)).toEqual([0, 1000, 3000, 7000]);
  });

  it("does not send again what was answered otherwise", async () => {
    const { fetcher } = scripted({ status: 503, retryAfter: "2" });

    const response = await fetchWaitingOutRateLimit(fetcher, "/api/config");

    expect(response.status).toBe(503);
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it("stops waiting when the request is aborted", async () => {
    const { fetcher } = scripted({ status: 429, retryAfter: "10" });
    const abort = new AbortController();

    const pending = fetchWaitingOutRateLimit(fetcher, "/api/me", { signal: abort.signal }).catch(
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(100);
    abort.abort();
    await vi.advanceTimersByTimeAsync(10_000);

    expect(await pending).toBeInstanceOf(DOMException);
    expect(fetcher).toHaveBeenCalledTimes(1);
  });
});

describe("ApiClient on 429", () => {
  it("retries any method (a refused request never reached the API) and answers the result", async () => {
    const { fetcher } = scripted({ status: 429, retryAfter: "2" }, { status: 200 });
    const api = new ApiClient("", async () => "tok", fetcher);

    const pending = api.post<{ ok: boolean }>("/api/rooms", { name: "x" });
    await vi.advanceTimersByTimeAsync(2000);

    expect(await pending).toEqual({ ok: true });
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it("throws RateLimited with the seconds when the limit outlasts the attempts", async () => {
    const { fetcher } = scripted({ status: 429, retryAfter: "1" });
    const api = new ApiClient("", async () => "tok", fetcher);

    const pending = api.get("/api/me").catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = (await pending) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("RateLimited");
    expect(fetcher).toHaveBeenCalledTimes(RateLimitAttempts);
  });
});

describe("hub start", () => {
  class Flaky implements HubConnectionLike {
    starts: number[] = [];
    constructor(private readonly failures: unknown[]) {}
    async start() {
      this.starts.push(Date.now());
      const failure = this.failures.shift();
      if (failure) throw failure;
    }
    async stop() {}
    on() {}
    async invoke<T>(): Promise<T> {
      return { items: [], pageNumber: 1, pageSize: 20, totalCount: 0 } as T;
    }
    onreconnecting() {}
    onreconnected() {}
    onclose() {}
  }
  const refused = () => Object.assign(new Error("Too Many Requests"), { statusCode: 429 });

  it("is tried again with an exponential backoff after a 429 or a WebSocket that did not open", async () => {
    const flaky = new Flaky([refused(), new Error("WebSocket failed to connect."), refused()]);
    const client = new HubClient(
      "",
      async () => "tok",
      () => flaky,
    );

    const pending = client.connectLobby();
    await vi.advanceTimersByTimeAsync(7000);
    await pending;

    expect(flaky.starts.map((t) => t - flaky.starts[0]!)).toEqual([0, 1000, 3000, 7000]);
    expect(client.state("lobby")).toBe("connected");
  });

  it("gives up after the bounded attempts, and at once on a definitive refusal", async () => {
    const always = new Flaky([refused(), refused(), refused(), refused(), refused()]);
    const client = new HubClient(
      "",
      async () => "tok",
      () => always,
    );
    const pending = client.connectLobby().catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await pending).toMatchObject({ statusCode: 429 });
    expect(always.starts).toHaveLength(RateLimitAttempts);

    const forbidden = new Flaky([Object.assign(new Error("Forbidden"), { statusCode: 403 })]);
    const other = new HubClient(
      "",
      async () => "tok",
      () => forbidden,
    );
    await expect(other.connectLobby()).rejects.toThrow("Forbidden");
    expect(forbidden.starts).toHaveLength(1);
    expect(isRetriableStartFailure(new Error("no status"))).toBe(true);
  });
});
