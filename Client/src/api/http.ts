/**
 * The REST client: every call goes through {@link ApiClient.request}, which takes the bearer token
 * from the one token source, sends JSON and turns ProblemDetails answers into {@link ApiError}.
 */

import { fetchWaitingOutRateLimit } from "./retry";

/** Supplies the current access token (the session owns it); null when signed out. */
export type TokenProvider = () => Promise<string | null>;

/** An RFC 9457 ProblemDetails body with the gateway's extensions. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  traceId?: string;
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

/** A refused or failed request: the status, the gateway's stable `code` and a sentence for people. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: ProblemDetails;

  constructor(status: number, problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? `Request failed (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.code = problem.code ?? (status === 0 ? "Network" : `Http${status}`);
    this.problem = problem;
  }
}

/** The subset of `fetch` the client needs (tests pass a fake). */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Options of one request. */
export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  anonymous?: boolean;
  signal?: AbortSignal;
  /**
   * The request may be sent again when its outcome is unknown (the connection failed, or the load
   * balancer answered 502/504 because the gateway went away with it). A POST that creates something
   * says so by sending one `Idempotency-Key` across its attempts, so its repeat is answered with
   * what the first created. GETs are always idempotent.
   */
  idempotent?: "repeatable" | "withKey";
}

/** How often a request whose outcome is unknown is sent in all, and the pause between attempts. */
const UnknownOutcomeAttempts = 3;
const UnknownOutcomePauseMs = 1000;

/** Builds a URL from the base, a path and query parameters (empty ones are left out). */
export function buildUrl(base: string, path: string, query?: RequestOptions["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") {
      params.set(key, String(value));
    }
  }
  const qs = params.toString();
  return `${base.replace(/\/$/, "")}${path}${qs ? `?${qs}` : ""}`;
}

/**
 * A random UUID (version 4) for an `Idempotency-Key`. Not `crypto.randomUUID`: browsers offer it
 * only in secure contexts (HTTPS or localhost), and a gateway served over plain HTTP on another
 * address (a LAN, the chaos hosts) would have none; `getRandomValues` is there in every context.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The REST client. `baseUrl` is empty for the serving gateway (relative URLs). */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: TokenProvider,
    private readonly fetcher: Fetch = (input, init) => fetch(input, init),
    private readonly pause: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /**
   * Sends a request and answers the parsed JSON body (undefined for 204). A request that may be
   * repeated ({@link RequestOptions.idempotent}, or a GET) is sent again when its outcome is unknown.
   */
  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const repeatable = (options.method ?? "GET") === "GET" || options.idempotent !== undefined;
    const key = options.idempotent === "withKey" ? newIdempotencyKey() : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send<T>(path, options, key);
      } catch (e) {
        const unknown = e instanceof ApiError && [0, 502, 504].includes(e.status);
        if (!repeatable || !unknown || attempt >= UnknownOutcomeAttempts) {
          throw e;
        }
        await this.pause(UnknownOutcomePauseMs);
      }
    }
  }

  private async send<T>(
    path: string,
    options: RequestOptions,
    idempotencyKey?: string,
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (idempotencyKey) {
      headers["Idempotency-Key"] = idempotencyKey;
    }
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (!options.anonymous) {
      const token = await this.token();
      if (token) {
        headers.Authorization = `Bearer ${token}`;
      }
    }
    let response: Response;
    try {
      // A 429 is waited out and sent again (Retry-After, or 1, 2, 4 s), up to four attempts.
      response = await fetchWaitingOutRateLimit(
        this.fetcher,
        buildUrl(this.baseUrl, path, options.query),
        {
          method: options.method ?? "GET",
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: options.signal,
        },
        this.pause,
      );
    } catch (e) {
      if (e instanceof DOMException && e.name === "AbortError") {
        throw e;
      }
      throw new ApiError(0, { title: "The server cannot be reached.", detail: String(e) });
    }
    if (response.status === 204) {
      return undefined as T;
    }
    const text = await response.text();
    const body: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const problem: ProblemDetails =
        body && typeof body === "object"
          ? (body as ProblemDetails)
          : { title: response.statusText, detail: text || undefined };
      if (problem.retryAfterSeconds === undefined) {
        const retry = Number(response.headers.get("Retry-After"));
        if (Number.isFinite(retry) && retry > 0) {
          problem.retryAfterSeconds = retry;
        }
      }
      throw new ApiError(response.status, problem);
    }
    return body as T;
  }

  get<T>(path: string, query?: RequestOptions["query"]): Promise<T> {
    return this.request<T>(path, { query });
  }

  post<T>(path: string, body?: unknown, idempotent?: RequestOptions["idempotent"]): Promise<T> {
    return this.request<T>(path, { method: "POST", body: body ?? {}, idempotent });
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>(path, { method: "PUT", body });
  }

  delete(path: string): Promise<void> {
    return this.request<void>(path, { method: "DELETE" });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A sentence for people from any error (ProblemDetails detail, hub code, or message). */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.message;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}
