/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// The dev server proxies the gateway's routes to a running gateway (GATEWAY_URL, default the
// gateway's launch profile), so the client always uses relative URLs.
const gateway = process.env.GATEWAY_URL ?? "http://localhost:5080";
const proxied = ["/api", "/auth", "/health", "/status", "/openapi", "/docs"];

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  resolve: {
    alias: { react: "preact/compat", "react-dom": "preact/compat" },
  },
  server: {
    port: 5173,
    proxy: {
      ...Object.fromEntries(proxied.map((p) => [p, { target: gateway, changeOrigin: false }])),
      "/hubs": { target: gateway, ws: true },
    },
  },
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 1024 },
  test: {
    environment: "happy-dom",
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    coverage: {
      provider: "v8",
      include: [
        "src/api/http.ts",
        "src/api/hubs.ts",
        "src/api/limits.ts",
        "src/api/training.ts",
        "src/auth/session.ts",
        "src/game/*.ts",
        "src/stores/*.ts",
      ],
      thresholds: { lines: 80, functions: 80, statements: 80, branches: 75 },
      reporter: ["text-summary", "text"],
      reportsDirectory: "../artifacts/web-coverage",
    },
  },
});
