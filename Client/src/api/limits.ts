/**
 * The limits the gateway states in its OpenAPI document (generated into apiLimits.ts by
 * `npm run types`), so the client never copies one: an input's `maxLength`, the largest page.
 * A limit the document does not state is undefined: the input then has none and the gateway's
 * own check answers.
 */
import type { components, operations } from "./schema";
import { bodyLimits, queryLimits } from "./apiLimits";

interface Limits {
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}
type Table = Partial<Record<string, Partial<Record<string, Limits>>>>;
type Schemas = components["schemas"];
type Query<O extends keyof operations> = NonNullable<operations[O]["parameters"]["query"]>;

/** The longest text a request body's property takes (`maxLength`), if the document says. */
export function maxLength<S extends keyof Schemas>(
  schema: S,
  property: keyof Schemas[S] & string,
): number | undefined {
  return (bodyLimits as Table)[schema]?.[property]?.maxLength;
}

/** The largest value a query parameter takes (`maximum`), if the document says. */
export function queryMaximum<O extends keyof operations>(
  operation: O,
  parameter: keyof Query<O> & string,
): number | undefined {
  return (queryLimits as Table)[operation]?.[parameter]?.maximum;
}
