/**
 * The training-jobs API (`GET/POST /api/training-jobs`, `GET /api/training-jobs/{id}`,
 * `POST /api/training-jobs/{id}/cancel`). The gateway does not serve it yet, so these types are
 * written by hand from the trainer's design (job status as in the archive's `training_jobs`); when
 * the endpoints land they move to the generated schema. A 503 means no trainer silo is up.
 */
import { ApiError, type ApiClient } from "./http";
import type { Page } from "./types";

export type TrainingJobStatus = "Queued" | "Running" | "Completed" | "Failed" | "Cancelled";

/** One point of the learning curve: mean shots to win at an evaluation step (lower is better). */
export interface CurvePoint {
  step: number;
  meanShots: number;
}

export interface TrainingProgress {
  step?: number;
  totalSteps?: number;
  episodes?: number;
  meanShots?: number;
  curve?: CurvePoint[];
}

export interface TrainingJob {
  id: string;
  status: TrainingJobStatus;
  config?: Record<string, unknown> | null;
  progress?: TrainingProgress | null;
  agentId?: string | null;
  createdAt: string;
  startedAt?: string | null;
  finishedAt?: string | null;
}

/** What starting a job sends. */
export interface TrainingJobRequest {
  name: string;
  steps: number;
  seed: number;
}

/** Why the training list cannot be shown (503: no trainer silo; 404: no such API here), in words; null for other errors. */
export function trainingUnavailable(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 503) {
    return `Training is unavailable: no trainer silo is running. ${error.problem.detail ?? ""}`.trim();
  }
  if (error.status === 404) {
    return "This server does not offer training yet.";
  }
  return null;
}

/** Accepts a page or a bare array (until the endpoint's shape is settled). */
export function itemsOf<T>(body: Page<T> | T[] | null | undefined): T[] {
  if (!body) return [];
  return Array.isArray(body) ? body : body.items;
}

/** Share of the job done (0–1), when the progress says. */
export function fractionDone(job: TrainingJob): number | null {
  const p = job.progress;
  if (job.status === "Completed") return 1;
  if (!p?.step || !p.totalSteps) return null;
  return Math.max(0, Math.min(1, p.step / p.totalSteps));
}

/** The learning curve as an SVG polyline inside a width × height box (y grows downwards). */
export function curvePoints(curve: readonly CurvePoint[], width: number, height: number): string {
  if (curve.length === 0) return "";
  const xs = curve.map((p) => p.step);
  const ys = curve.map((p) => p.meanShots);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => (x1 === x0 ? width / 2 : ((x - x0) / (x1 - x0)) * width);
  const sy = (y: number) => (y1 === y0 ? height / 2 : height - ((y - y0) / (y1 - y0)) * height);
  return curve.map((p) => `${round(sx(p.step))},${round(sy(p.meanShots))}`).join(" ");
}

const round = (n: number) => Math.round(n * 10) / 10;

export class TrainingApi {
  constructor(private readonly http: ApiClient) {}

  async list(page = 1, pageSize = 20): Promise<TrainingJob[]> {
    return itemsOf(
      await this.http.get<Page<TrainingJob> | TrainingJob[]>("/api/training-jobs", {
        page,
        pageSize,
      }),
    );
  }

  get = (id: string) => this.http.get<TrainingJob>(`/api/training-jobs/${id}`);
  start = (request: TrainingJobRequest) =>
    this.http.post<TrainingJob>("/api/training-jobs", request);
  cancel = (id: string) => this.http.post<TrainingJob>(`/api/training-jobs/${id}/cancel`);
}
