// The avatar service's TypeScript client: the types in schema.d.ts are generated from
// docs/openapi.json by openapi-typescript (`npm run generate`); openapi-fetch makes the calls.
import createClient, { type Client, type ClientOptions } from "openapi-fetch";

import type { components, paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";
export type Schemas = components["schemas"];

/** A client of the API at `baseUrl`, sending `token` as its bearer token when given. */
export function avatarServiceClient(
  baseUrl: string,
  token?: string,
  options: Omit<ClientOptions, "baseUrl"> = {},
): Client<paths> {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  return createClient<paths>({ ...options, baseUrl, headers });
}

// The payloads and CloudEvents headers of the Kafka messages, generated from docs/asyncapi.json
// (`npm run generate:events`): PayloadByType maps each ce_type to its payload.
export type * from "./events.js";
