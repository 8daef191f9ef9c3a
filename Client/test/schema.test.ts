// @vitest-environment node
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";

// The committed OpenAPI documents are the gateway's (gateway tests compare them with what the
// gateway serves and with the hubs' C# contracts); this test proves the committed TypeScript types
// were generated from them.
describe.each([
  ["openapi/v1.json", "src/api/schema.ts"],
  ["openapi/hubs.json", "src/api/hubSchema.ts"],
])("%s", (document, types) => {
  it(`generated ${types} (run \`npm run types\` after refreshing it)`, async () => {
    const doc = JSON.parse(await readFile(new URL(`../${document}`, import.meta.url), "utf8"));
    const generated = astToString(await openapiTS(doc));
    const committed = await readFile(new URL(`../${types}`, import.meta.url), "utf8");
    const body = (s: string) => s.replace(/^\/\*\*[\s\S]*?\*\/\s*/, "").trim();
    expect(body(committed)).toBe(body(generated));
  });
});
