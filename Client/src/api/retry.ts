/**
 * Waiting out the gateway's rate limit: a 429 answer is sent again after its `Retry-After` (or an
 * exponential backoff, whichever is longer), a bounded number of times. A 429 is refused before
 * the request reaches the API, so sending any request again is safe.
 */

/** How often a request refused with 429 is sent in all. */
export const RateLimitAttempts = 4;
/** The backoff before the second attempt; it doubles for each further one (1, 2, 4 s). */
export const RateLimitBaseDelayMs = 1000;
/** The longest pause between two attempts, whatever `Retry-After` says. */
export const RateLimitMaxDelayMs = 60_000;

/** Waits for a number of milliseconds (tests pass a fake, or use fake timers). */
export type Pause = (ms: number) => Promise<void>;

export const timerPause: Pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Seconds to wait from a `Retry-After` value: delay-seconds or an HTTP date; undefined when absent
 * or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The pause after the `refusals`-th refusal: `Retry-After` if given, never less than the backoff. */
export function rateLimitDelayMs(refusals: number, retryAfterSeconds?: number): number {
  const backoff = RateLimitBaseDelayMs * 2 ** (refusals - 1);
  const asked = (retryAfterSeconds ?? 0) * 1000;
  return Math.min(RateLimitMaxDelayMs, Math.max(backoff, asked));
}

/**
 * Sends a request with `fetcher`, and again while the answer is 429, waiting as the answer asks;
 * answers the last response (a 429 after {@link RateLimitAttempts} attempts). An abort during a
 * pause ends it with the signal's reason.
 */
export async function fetchWaitingOutRateLimit(
  fetcher: (input: string, init?: RequestInit) => Promise<Response>,
  input: string,
  init?: RequestInit,
  pause: Pause = timerPause,
  attempts = RateLimitAttempts,
): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetcher(input, init);
    if (response.status !== 429 || attempt >= attempts) return response;
    await pause(rateLimitDelayMs(attempt, parseRetryAfter(response.headers.get("Retry-After"))));
    init?.signal?.throwIfAborted();
  }
}
