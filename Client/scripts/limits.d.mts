/** The source of src/api/apiLimits.ts for an OpenAPI document. */
export function limitsModule(doc: unknown): string;
