/**
 * Generated from openapi/v1.json by `npm run types` (scripts/limits.mjs): the limits the gateway
 * states on request bodies (by schema and property) and on query parameters (by operation and
 * parameter). Do not edit; read them through limits.ts.
 */
export const bodyLimits = {} as const;

export const queryLimits = {} as const;
