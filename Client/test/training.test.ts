import { describe, expect, it } from "vitest";
import { ApiClient, ApiError, type Fetch } from "../src/api/http";
import {
  TrainingApi,
  curvePoints,
  fractionDone,
  itemsOf,
  trainingUnavailable,
  type TrainingJob,
} from "../src/api/training";

const job = (change: Partial<TrainingJob> = {}): TrainingJob => ({
  id: "j1",
  status: "Running",
  createdAt: "2026-11-28T12:00:00Z",
  ...change,
});

describe("trainingUnavailable", () => {
  it("explains 503 (no trainer silo) and 404 (no training API), and nothing else", () => {
    const down = new ApiError(503, { code: "Unavailable", detail: "No trainer silo is up." });
    expect(trainingUnavailable(down)).toBe(
      "Training is unavailable: no trainer silo is running. No trainer silo is up.",
    );
    expect(trainingUnavailable(new ApiError(404, { code: "NotFound" }))).toBe(
      "This server does not offer training yet.",
    );
    expect(trainingUnavailable(new ApiError(400, { code: "Validation" }))).toBeNull();
    expect(trainingUnavailable(new Error("x"))).toBeNull();
  });
});

describe("helpers", () => {
  it("reads pages and arrays alike", () => {
    expect(itemsOf([job()])).toHaveLength(1);
    expect(
      itemsOf({ items: [job(), job()], pageNumber: 1, pageSize: 20, totalCount: 2 }),
    ).toHaveLength(2);
    expect(itemsOf(null)).toEqual([]);
  });

  it("computes how much is done", () => {
    expect(fractionDone(job({ progress: { step: 25, totalSteps: 100 } }))).toBe(0.25);
    expect(fractionDone(job({ progress: { step: 250, totalSteps: 100 } }))).toBe(1);
    expect(fractionDone(job({ status: "Completed" }))).toBe(1);
    expect(fractionDone(job({ progress: null }))).toBeNull();
  });

  it("scales the learning curve into the box, lower shots higher up", () => {
    const points = curvePoints(
      [
        { step: 0, meanShots: 95 },
        { step: 50, meanShots: 70 },
        { step: 100, meanShots: 45 },
      ],
      400,
      200,
    );
    expect(points).toBe("0,0 200,100 400,200");
    expect(curvePoints([], 400, 200)).toBe("");
    expect(curvePoints([{ step: 5, meanShots: 60 }], 400, 200)).toBe("200,100");
  });
});

describe("TrainingApi", () => {
  it("calls the documented paths", async () => {
    const calls: string[] = [];
    const fetcher: Fetch = async (url, init) => {
      calls.push(`${init?.method} ${url}`);
      const body = url.includes("?")
        ? { items: [job()], pageNumber: 1, pageSize: 20, totalCount: 1 }
        : job();
      return new Response(JSON.stringify(body), { status: 200 });
    };
    const api = new TrainingApi(new ApiClient("", async () => "t", fetcher));

    expect(await api.list()).toHaveLength(1);
    expect((await api.get("j1")).id).toBe("j1");
    await api.start({ name: "dqn", steps: 1000, seed: 1 });
    await api.cancel("j1");

    expect(calls).toEqual([
      "GET /api/training-jobs?page=1&pageSize=20",
      "GET /api/training-jobs/j1",
      "POST /api/training-jobs",
      "POST /api/training-jobs/j1/cancel",
    ]);
  });
});
