// @vitest-environment node
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";

// The committed OpenAPI document is the gateway's (a gateway test compares it with what the
// gateway serves); this test proves the committed TypeScript types were generated from it.
describe("api/schema.ts", () => {
  it("matches the committed OpenAPI document (run `npm run types` after refreshing it)", async () => {
    const doc = JSON.parse(await readFile(new URL("../openapi/v1.json", import.meta.url), "utf8"));
    const generated = astToString(await openapiTS(doc));
    const committed = await readFile(new URL("../src/api/schema.ts", import.meta.url), "utf8");
    const body = (s: string) => s.replace(/^\/\*\*[\s\S]*?\*\/\s*/, "").trim();
    expect(body(committed)).toBe(body(generated));
  });
});
