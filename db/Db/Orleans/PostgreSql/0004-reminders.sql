-- Battleship: durable reminders for Orleans' ADO.NET reminder table (PostgreSQL).
--
-- Parameters bound by the provider:
--   @ServiceId     text  ClusterOptions.ServiceId
--   @GrainId       text  GrainId.ToString() ("type/key")
--   @ReminderName  text
--   @GrainHash     int   GrainId.GetUniformHashCode() cast to int; @BeginHash, @EndHash int, likewise
--   @StartTime     timestamptz (UTC);  @Period  int or bigint milliseconds
--   @Version       int   the ETag a delete expects
-- Result columns read by name: GrainId, ReminderName, StartTime, Period (bigint ms), Version.
--
-- Ring ranges. Each silo owns a range of the consistent-hash ring, (begin, end] in unsigned order. The
-- provider compares the two bounds as signed ints (the same 32 bits) and asks ReadRangeRows1Key when
-- begin < end, otherwise ReadRangeRows2Key for the range that wraps past the top (begin = end is the
-- whole ring). Casting to int keeps the cyclic order, so comparing signed ints here is exact.
--
-- Safe to run more than once.

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    varchar(150) NOT NULL,
    grain_id      varchar(400) NOT NULL,
    reminder_name varchar(150) NOT NULL,
    grain_hash    integer      NOT NULL,
    start_time    timestamptz  NOT NULL,
    period_ms     bigint       NOT NULL,
    version       integer      NOT NULL,
    CONSTRAINT orleans_reminder_pk PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Range reads by the silo that owns a slice of the ring.
CREATE INDEX IF NOT EXISTS orleans_reminder_ring_ix ON orleans_reminder (service_id, grain_hash);

COMMENT ON TABLE orleans_reminder IS
    'Orleans reminders: one row per (service, grain, reminder name); version is the ETag; grain_hash places the row on the ring.';

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
('ReadReminderRowsKey', $query$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminder AS r
WHERE r.service_id = @ServiceId
  AND r.grain_id = @GrainId;
$query$),

('ReadReminderRowKey', $query$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminder AS r
WHERE r.service_id = @ServiceId
  AND r.grain_id = @GrainId
  AND r.reminder_name = @ReminderName;
$query$),

-- (begin, end] that does not wrap.
('ReadRangeRows1Key', $query$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminder AS r
WHERE r.service_id = @ServiceId
  AND r.grain_hash > @BeginHash
  AND r.grain_hash <= @EndHash;
$query$),

-- (begin, end] that wraps: above begin, or up to and including end.
('ReadRangeRows2Key', $query$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminder AS r
WHERE r.service_id = @ServiceId
  AND (r.grain_hash > @BeginHash OR r.grain_hash <= @EndHash);
$query$),

-- Last writer wins (the reminder service serialises per grain); every write moves the ETag on.
('UpsertReminderRowKey', $query$
INSERT INTO orleans_reminder AS r
    (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 1)
ON CONFLICT ON CONSTRAINT orleans_reminder_pk DO UPDATE
   SET grain_hash = EXCLUDED.grain_hash,
       start_time = EXCLUDED.start_time,
       period_ms = EXCLUDED.period_ms,
       version = r.version + 1
RETURNING r.version AS "Version";
$query$),

-- Removes one reminder if its ETag still matches; answers whether a row went.
('DeleteReminderRowKey', $query$
WITH removed AS (
    DELETE FROM orleans_reminder AS r
     WHERE r.service_id = @ServiceId
       AND r.grain_id = @GrainId
       AND r.reminder_name = @ReminderName
       AND r.version = @Version
    RETURNING 1
)
SELECT count(*) > 0 FROM removed;
$query$),

('DeleteReminderRowsKey', $query$
DELETE FROM orleans_reminder WHERE service_id = @ServiceId;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
