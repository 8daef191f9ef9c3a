// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { readFile } from "node:fs/promises";
import { limitsModule } from "../scripts/limits.mjs";
import { maxLength, queryMaximum } from "../src/api/limits";

vi.mock("../src/api/apiLimits", () => ({
  bodyLimits: { CreateRoomBody: { name: { minLength: 1, maxLength: 64 } } },
  queryLimits: { ListRooms: { pageSize: { minimum: 1, maximum: 200 } } },
}));

describe("limits", () => {
  it("reads the limits the document states, and nothing else", () => {
    expect(maxLength("CreateRoomBody", "name")).toBe(64);
    expect(maxLength("ChatBody", "text")).toBeUndefined();
    expect(queryMaximum("ListRooms", "pageSize")).toBe(200);
    expect(queryMaximum("ListAgents", "pageSize")).toBeUndefined();
  });
});

describe("scripts/limits.mjs", () => {
  it("collects the limits of body properties and query parameters", () => {
    const source = limitsModule({
      paths: {
        "/api/rooms": {
          get: {
            operationId: "ListRooms",
            parameters: [
              { name: "page", in: "query", schema: { type: "integer" } },
              { name: "pageSize", in: "query", schema: { minimum: 1, maximum: 200 } },
              { name: "id", in: "path", schema: { maxLength: 9 } },
            ],
          },
        },
      },
      components: {
        schemas: {
          CreateRoomBody: {
            properties: { name: { type: "string", maxLength: 64 }, isPrivate: {} },
          },
          Empty: {},
        },
      },
    });
    const body = (name: string) =>
      JSON.parse(new RegExp(`export const ${name} = ([\\s\\S]*?) as const;`).exec(source)![1]!);
    expect(body("bodyLimits")).toEqual({ CreateRoomBody: { name: { maxLength: 64 } } });
    expect(body("queryLimits")).toEqual({ ListRooms: { pageSize: { minimum: 1, maximum: 200 } } });
  });

  it("generated the committed src/api/apiLimits.ts (run `npm run types` after refreshing it)", async () => {
    const doc = JSON.parse(await readFile(new URL("../openapi/v1.json", import.meta.url), "utf8"));
    const committed = await readFile(new URL("../src/api/apiLimits.ts", import.meta.url), "utf8");
    expect(committed).toBe(limitsModule(doc));
  });
});
