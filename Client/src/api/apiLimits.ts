/**
 * Generated from openapi/v1.json by `npm run types` (scripts/limits.mjs): the limits the gateway
 * states on request bodies (by schema and property) and on query parameters (by operation and
 * parameter). Do not edit; read them through limits.ts.
 */
export const bodyLimits = {
  "ChatBody": {
    "text": {
      "maxLength": 200
    }
  },
  "CreateRoomBody": {
    "name": {
      "maxLength": 48
    },
    "maxSpectators": {
      "minimum": 0,
      "maximum": 32
    }
  },
  "DevTokenRequest": {
    "displayName": {
      "maxLength": 32
    },
    "subject": {
      "maxLength": 128
    }
  },
  "UpdateMeRequest": {
    "displayName": {
      "maxLength": 32
    }
  }
} as const;

export const queryLimits = {} as const;
