/**
 * Generated from openapi/v1.json by `npm run types` (scripts/limits.mjs): the limits the gateway
 * states on request bodies (by schema and property) and on query parameters (by operation and
 * parameter). Do not edit; read them through limits.ts.
 */
export const bodyLimits = {
  "AgentBody": {
    "name": {
      "maxLength": 32
    },
    "policy": {
      "maxLength": 200
    }
  },
  "ChatBody": {
    "text": {
      "maxLength": 200
    }
  },
  "CreateMatchBody": {
    "turnSeconds": {
      "minimum": 0,
      "maximum": 86400
    }
  },
  "CreateRoomBody": {
    "name": {
      "maxLength": 48
    },
    "maxSpectators": {
      "minimum": 0,
      "maximum": 32
    },
    "turnSeconds": {
      "minimum": 0,
      "maximum": 86400
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
  "TrainingJobBody": {
    "name": {
      "maxLength": 64
    }
  },
  "UpdateMeRequest": {
    "displayName": {
      "maxLength": 32
    }
  }
} as const;

export const queryLimits = {
  "ListLiveMatches": {
    "pageSize": {
      "minimum": 1,
      "maximum": 100
    }
  },
  "GetUserMatches": {
    "pageSize": {
      "minimum": 1,
      "maximum": 100
    }
  },
  "ListRooms": {
    "pageSize": {
      "minimum": 1,
      "maximum": 100
    }
  },
  "ListAgents": {
    "pageSize": {
      "minimum": 1,
      "maximum": 100
    }
  },
  "GetAgentMatches": {
    "pageSize": {
      "minimum": 1,
      "maximum": 100
    }
  },
  "GetLadder": {
    "pageSize": {
      "minimum": 1,
      "maximum": 100
    }
  },
  "ListTrainingJobs": {
    "pageSize": {
      "minimum": 1,
      "maximum": 100
    }
  }
} as const;
