import { describe, expect, it } from "vitest";
import { ApiClient, ApiError, type Fetch } from "../src/api/http";
import {
  TrainingApi,
  curvePoints,
  fractionDone,
  learningCurve,
  trainingUnavailable,
} from "../src/api/training";

describe("trainingUnavailable", () => {
  it("explains 503 (no trainer silo) and a missing API, and nothing else", () => {
    const down = new ApiError(503, { code: "Unavailable", detail: "No trainer silo is up." });
    expect(trainingUnavailable(down)).toBe("Training is unavailable. No trainer silo is up.");
    expect(trainingUnavailable(new ApiError(503, {}))).toBe(
      "Training is unavailable. No trainer silo is running.",
    );
    expect(
      trainingUnavailable(new ApiError(404, { code: "NotFound", instance: "/api/training-jobs" })),
    ).toBe("This server does not offer training yet.");
    expect(
      trainingUnavailable(
        new ApiError(404, { code: "NotFound", instance: "/api/training-jobs/x" }),
      ),
    ).toBeNull();
    expect(trainingUnavailable(new ApiError(400, { code: "Validation" }))).toBeNull();
    expect(trainingUnavailable(new Error("x"))).toBeNull();
  });
});

describe("helpers", () => {
  const progress = (step: number, evalMeanShots: number | null = null) => ({
    step,
    totalSteps: 100,
    episodes: 1,
    epsilon: 0.1,
    loss: null,
    evalMeanShots,
    stepsPerSecond: 1,
    at: "2026-11-28T12:00:00Z",
  });

  it("computes how much is done", () => {
    expect(fractionDone({ status: "Running", progress: progress(25) })).toBe(0.25);
    expect(fractionDone({ status: "Running", progress: { ...progress(250) } })).toBe(1);
    expect(fractionDone({ status: "Completed", progress: null })).toBe(1);
    expect(fractionDone({ status: "Queued", progress: null })).toBeNull();
  });

  it("takes the learning curve from the evaluated reports", () => {
    expect(learningCurve([progress(10), progress(20, 80), progress(30), progress(40, 60)])).toEqual(
      [
        { step: 20, meanShots: 80 },
        { step: 40, meanShots: 60 },
      ],
    );
  });

  it("scales the curve into the box, fewer shots higher up", () => {
    const points = curvePoints(
      [
        { step: 0, meanShots: 95 },
        { step: 50, meanShots: 70 },
        { step: 100, meanShots: 45 },
      ],
      400,
      200,
    );
    expect(points).toBe("0,200 200,100 400,0");
    expect(curvePoints([], 400, 200)).toBe("");
    expect(curvePoints([{ step: 5, meanShots: 60 }], 400, 200)).toBe("200,100");
  });
});

describe("TrainingApi", () => {
  it("calls the documented paths with the documented bodies", async () => {
    const calls: string[] = [];
    const fetcher: Fetch = async (url, init) => {
      calls.push(`${init?.method} ${url} ${init?.body ?? ""}`.trim());
      return new Response(JSON.stringify({ id: "j1", items: [] }), { status: 200 });
    };
    const api = new TrainingApi(new ApiClient("", async () => "t", fetcher));

    await api.list();
    await api.get("j1");
    await api.start("Night run", 200000);
    await api.cancel("j1");

    expect(calls).toEqual([
      "GET /api/training-jobs?page=1&pageSize=20",
      "GET /api/training-jobs/j1",
      'POST /api/training-jobs {"name":"Night run","config":{"totalEnvSteps":200000}}',
      "POST /api/training-jobs/j1/cancel {}",
    ]);
  });
});
