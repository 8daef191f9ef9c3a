-- Battleship: grain state for Orleans' ADO.NET grain storage provider (PostgreSQL).
--
-- Identity of a state row, as the provider binds it:
--   @ServiceId               text    ClusterOptions.ServiceId
--   @GrainTypeString         text    the state name given to [PersistentState] (generic arguments normalised);
--                                    the grain type itself is not part of the key, so state names must be
--                                    unique per storage provider across grain types that share a key
--   @GrainIdN0, @GrainIdN1   bigint  the grain key: a Guid split in two halves, or 0 and an integer key, or 0 and 0
--   @GrainIdExtensionString  text    the key extension, or the whole key of a string-keyed grain, or null
--   @GrainIdHash, @GrainTypeHash  int  stable hashes of the key and of the state name; they lead the index
--                                    but never decide identity on their own (hashes collide)
-- The queries match a row by comparing the six non-null key columns as one row value, then the extension
-- with IS NOT DISTINCT FROM; PostgreSQL expands the row comparison into the same index condition.
-- Content: @PayloadBinary bytea is whatever the configured IGrainStorageSerializer produced. With the
-- System.Text.Json serializer these are UTF-8 JSON bytes; the provider reads and writes only this binary
-- column, and orleans_grain_state_json shows the same bytes as jsonb for people.
--
-- Concurrency: version is the ETag. @GrainStateVersion is the version the writer read (null for "I saw no
-- row"). A write succeeds only from that exact version and answers the next one as NewGrainStateVersion;
-- otherwise it changes nothing and answers no row, which the provider turns into
-- InconsistentStateException (null answer to a writer that had an ETag, or the same null answer to a
-- writer that had none because another activation inserted first).
--
-- Requires PostgreSQL 15 or later (UNIQUE NULLS NOT DISTINCT). Safe to run more than once.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    id              bigint       GENERATED ALWAYS AS IDENTITY,
    service_id      varchar(150) NOT NULL,
    state_name      varchar(150) NOT NULL,
    state_name_hash integer      NOT NULL,
    grain_id_hash   integer      NOT NULL,
    grain_id_n0     bigint       NOT NULL,
    grain_id_n1     bigint       NOT NULL,
    grain_id_ext    varchar(512) NULL,
    version         integer      NOT NULL,
    payload         bytea        NULL,
    modified_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT orleans_grain_state_pk PRIMARY KEY (id),
    CONSTRAINT orleans_grain_state_key UNIQUE NULLS NOT DISTINCT
        (grain_id_hash, state_name_hash, service_id, state_name, grain_id_n0, grain_id_n1, grain_id_ext)
);

COMMENT ON TABLE orleans_grain_state IS
    'Orleans grain state: one row per (service, state name, grain key); version is the ETag; payload is the serializer output (UTF-8 JSON here), null after a clear.';

-- The same rows for people: the payload decoded as JSON (fails on rows written by a non-JSON serializer).
CREATE OR REPLACE VIEW orleans_grain_state_json AS
SELECT s.service_id,
       s.state_name,
       s.grain_id_n0,
       s.grain_id_n1,
       s.grain_id_ext,
       s.version,
       s.modified_at,
       convert_from(s.payload, 'UTF8')::jsonb AS state
FROM orleans_grain_state AS s;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- No row: the grain starts from a fresh state with a null ETag. A row with a null payload (cleared)
-- still reports its version, so the next write continues from it.
('ReadFromStorageKey', $query$
SELECT s.payload AS "PayloadBinary",
       s.version AS "Version"
FROM orleans_grain_state AS s
WHERE (s.grain_id_hash, s.state_name_hash, s.service_id, s.state_name, s.grain_id_n0, s.grain_id_n1)
    = (@GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1)
  AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString;
$query$),

-- Either moves an existing row from @GrainStateVersion to the next version, or (when the writer saw
-- no row) inserts version 1. A stale version matches nothing; a racing first insert meets the unique
-- key and does nothing. Either way no row comes back and nothing is changed.
('WriteToStorageKey', $query$
WITH moved AS (
    UPDATE orleans_grain_state AS s
       SET payload = @PayloadBinary,
           version = s.version + 1,
           modified_at = now()
     WHERE @GrainStateVersion IS NOT NULL
       AND (s.grain_id_hash, s.state_name_hash, s.service_id, s.state_name, s.grain_id_n0, s.grain_id_n1)
         = (@GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1)
       AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
       AND s.version = @GrainStateVersion
    RETURNING s.version
), created AS (
    INSERT INTO orleans_grain_state
        (service_id, state_name, state_name_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_ext, version, payload)
    SELECT @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, 1, @PayloadBinary
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT orleans_grain_state_key DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM moved
UNION ALL
SELECT version FROM created;
$query$),

-- ClearStateAsync with DeleteStateOnClear = false: keeps the row, drops the payload and moves the
-- version on, under the same rule as a write.
('ClearStorageKey', $query$
UPDATE orleans_grain_state AS s
   SET payload = NULL,
       version = s.version + 1,
       modified_at = now()
 WHERE (s.grain_id_hash, s.state_name_hash, s.service_id, s.state_name, s.grain_id_n0, s.grain_id_n1)
     = (@GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1)
   AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
   AND s.version = @GrainStateVersion
RETURNING s.version AS "NewGrainStateVersion";
$query$),

-- ClearStateAsync with DeleteStateOnClear = true: removes the row if it is still at @GrainStateVersion.
-- The provider expects a value different from the ETag it sent, so the answer is the version + 1.
('DeleteStorageKey', $query$
DELETE FROM orleans_grain_state AS s
 WHERE (s.grain_id_hash, s.state_name_hash, s.service_id, s.state_name, s.grain_id_n0, s.grain_id_n1)
     = (@GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1)
   AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
   AND s.version = @GrainStateVersion
RETURNING s.version + 1 AS "NewGrainStateVersion";
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
