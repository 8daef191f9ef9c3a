-- Battleship: cluster membership for Orleans' ADO.NET clustering provider (PostgreSQL).
--
-- Model. One row per cluster in orleans_cluster_version carries the membership table version, a
-- counter that every membership change (insert or update of a silo row) must advance by exactly one,
-- conditionally on the value the writer last read. That counter is the only optimistic-concurrency
-- token: the provider reports no per-row ETag, so a silo row changes only together with the version.
-- orleans_cluster_member holds one row per silo incarnation (address, port, generation).
--
-- Parameters bound by the provider (by name, types as bound):
--   @DeploymentId  text     ClusterOptions.ClusterId
--   @Address       text     silo IP address as text;  @Port, @Generation  int
--   @SiloName, @HostName text;  @Status int (SiloStatus: 3 = Active, 6 = Dead);  @ProxyPort int (0 = no gateway)
--   @StartTime, @IAmAliveTime  timestamptz (UTC)
--   @SuspectTimes  text     "silo,time|silo,time", or null
--   @Version       int      the table version the writer read (its ETag), not the next one
-- Result columns are read by name: Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
-- SuspectTimes, StartTime, IAmAliveTime and Version; a single unnamed column for yes/no answers.
--
-- Safe to run more than once.

CREATE TABLE IF NOT EXISTS orleans_cluster_version
(
    cluster_id varchar(150) NOT NULL,
    version    integer      NOT NULL DEFAULT 0,
    changed_at timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT orleans_cluster_version_pk PRIMARY KEY (cluster_id)
);

CREATE TABLE IF NOT EXISTS orleans_cluster_member
(
    cluster_id      varchar(150) NOT NULL,
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(253) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer      NOT NULL,
    suspect_times   text         NULL,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    CONSTRAINT orleans_cluster_member_pk PRIMARY KEY (cluster_id, address, port, generation),
    CONSTRAINT orleans_cluster_member_cluster_fk FOREIGN KEY (cluster_id)
        REFERENCES orleans_cluster_version (cluster_id) ON DELETE CASCADE
);

COMMENT ON TABLE orleans_cluster_version IS 'Orleans membership: one version counter per cluster (the optimistic-concurrency token).';
COMMENT ON TABLE orleans_cluster_member IS 'Orleans membership: one row per silo incarnation (address, port, generation).';

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Creates the version row of a cluster if it is missing. Answers whether this call created it.
('InsertMembershipVersionKey', $query$
WITH created AS (
    INSERT INTO orleans_cluster_version (cluster_id)
    VALUES (@DeploymentId)
    ON CONFLICT (cluster_id) DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 FROM created;
$query$),

-- The whole table in one statement (one snapshot): always at least one row carrying the version,
-- with null member columns when the cluster has no silo yet.
('MembershipReadAllKey', $query$
SELECT v.version         AS "Version",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_cluster_version AS v
LEFT JOIN orleans_cluster_member AS m ON m.cluster_id = v.cluster_id
WHERE v.cluster_id = @DeploymentId;
$query$),

-- One silo and the version, read together; the member columns are null when the silo is unknown.
('MembershipReadRowKey', $query$
SELECT v.version         AS "Version",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_cluster_version AS v
LEFT JOIN orleans_cluster_member AS m
       ON m.cluster_id = v.cluster_id
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.cluster_id = @DeploymentId;
$query$),

-- Adds a silo row and advances the version, both or neither: the version moves only when it still
-- equals @Version and the silo is not present yet. The row lock taken by that UPDATE serialises
-- concurrent writers, and a waiting writer re-checks the version after the first one commits.
('InsertMembershipKey', $query$
WITH advanced AS (
    UPDATE orleans_cluster_version AS v
       SET version = v.version + 1,
           changed_at = now()
     WHERE v.cluster_id = @DeploymentId
       AND v.version = @Version
       AND NOT EXISTS (SELECT 1
                       FROM orleans_cluster_member AS m
                       WHERE m.cluster_id = @DeploymentId
                         AND m.address = @Address
                         AND m.port = @Port
                         AND m.generation = @Generation)
    RETURNING v.cluster_id
), added AS (
    INSERT INTO orleans_cluster_member
        (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT a.cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM advanced AS a
    RETURNING 1
)
SELECT count(*) > 0 FROM added;
$query$),

-- Replaces the mutable part of a silo row and advances the version, both or neither.
('UpdateMembershipKey', $query$
WITH advanced AS (
    UPDATE orleans_cluster_version AS v
       SET version = v.version + 1,
           changed_at = now()
     WHERE v.cluster_id = @DeploymentId
       AND v.version = @Version
       AND EXISTS (SELECT 1
                   FROM orleans_cluster_member AS m
                   WHERE m.cluster_id = @DeploymentId
                     AND m.address = @Address
                     AND m.port = @Port
                     AND m.generation = @Generation)
    RETURNING v.cluster_id
), changed AS (
    UPDATE orleans_cluster_member AS m
       SET status = @Status,
           suspect_times = @SuspectTimes,
           i_am_alive_time = @IAmAliveTime
      FROM advanced AS a
     WHERE m.cluster_id = a.cluster_id
       AND m.address = @Address
       AND m.port = @Port
       AND m.generation = @Generation
    RETURNING 1
)
SELECT count(*) > 0 FROM changed;
$query$),

-- The heartbeat: a blind write of one column that leaves the version alone.
('UpdateIAmAlivetimeKey', $query$
UPDATE orleans_cluster_member
   SET i_am_alive_time = @IAmAliveTime
 WHERE cluster_id = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation;
$query$),

-- Silos a client may connect to: active ones that listen as gateways.
('GatewaysQueryKey', $query$
SELECT m.address    AS "Address",
       m.proxy_port AS "ProxyPort",
       m.generation AS "Generation"
FROM orleans_cluster_member AS m
WHERE m.cluster_id = @DeploymentId
  AND m.status = @Status
  AND m.proxy_port > 0;
$query$),

-- Forgets dead silos whose last heartbeat is older than @IAmAliveTime. Dead rows take no part in
-- the live view, so the version is left alone.
('CleanupDefunctSiloEntriesKey', $query$
DELETE FROM orleans_cluster_member
 WHERE cluster_id = @DeploymentId
   AND status = 6
   AND i_am_alive_time < @IAmAliveTime;
$query$),

-- Forgets a whole cluster: its silos and its version row (the next silo to start creates it again).
('DeleteMembershipTableEntriesKey', $query$
DELETE FROM orleans_cluster_member WHERE cluster_id = @DeploymentId;
DELETE FROM orleans_cluster_version WHERE cluster_id = @DeploymentId;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
