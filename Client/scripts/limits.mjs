/**
 * Writes src/api/apiLimits.ts from openapi/v1.json: the limits (`minLength`, `maxLength`,
 * `minimum`, `maximum`) the gateway's OpenAPI document states on request-body properties and query
 * parameters, so the client follows the server's limits instead of copying them. Run by
 * `npm run types`; test/schema.test.ts checks the committed file is up to date.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const Keys = ["minLength", "maxLength", "minimum", "maximum"];

/** The limits a schema states, or null when it states none. */
function limitsOf(schema) {
    const found = Object.fromEntries(
        Keys.filter((k) => typeof schema?.[k] === "number").map((k) => [k, schema[k]]),
    );
    return Object.keys(found).length > 0 ? found : null;
}

/** Collects `{ owner: { name: limits } }` for the owners that have any. */
function collect(entries) {
    const out = {};
    for (const [owner, fields] of entries) {
        for (const [name, schema] of fields) {
            const limits = limitsOf(schema);
            if (limits) (out[owner] ??= {})[name] = limits;
        }
    }
    return out;
}

/** The source of src/api/apiLimits.ts for an OpenAPI document. */
export function limitsModule(doc) {
    const schemas = Object.entries(doc.components?.schemas ?? {}).map(([name, s]) => [
        name,
        Object.entries(s.properties ?? {}),
    ]);
    const operations = Object.values(doc.paths ?? {})
        .flatMap((item) => Object.values(item))
        .filter((op) => op?.operationId)
        .map((op) => [
            op.operationId,
            (op.parameters ?? []).filter((p) => p.in === "query").map((p) => [p.name, p.schema]),
        ]);
    const text = (value) => JSON.stringify(value, null, 2);
    return `/**
 * Generated from openapi/v1.json by \`npm run types\` (scripts/limits.mjs): the limits the gateway
 * states on request bodies (by schema and property) and on query parameters (by operation and
 * parameter). Do not edit; read them through limits.ts.
 */
export const bodyLimits = ${text(collect(schemas))} as const;

export const queryLimits = ${text(collect(operations))} as const;
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const doc = JSON.parse(await readFile(new URL("../openapi/v1.json", import.meta.url), "utf8"));
    await writeFile(new URL("../src/api/apiLimits.ts", import.meta.url), limitsModule(doc));
}
