-- Battleship: cluster membership for Orleans' ADO.NET clustering provider (SQL Server).
--
-- Same model and contract as PostgreSql/0002-clustering.sql: one version counter per cluster is the
-- only optimistic-concurrency token; a silo row changes only together with it, in one transaction.
-- Strings are nvarchar because the provider binds every string parameter as nvarchar (comparing an
-- nvarchar parameter with a varchar column would convert the column and lose index seeks).
-- The provider binds times as datetime (UTC); the columns keep datetime2(3).
--
-- Safe to run more than once.

IF OBJECT_ID(N'dbo.OrleansClusterVersion', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.OrleansClusterVersion
    (
        ClusterId nvarchar(150) NOT NULL,
        Version   int           NOT NULL CONSTRAINT DF_OrleansClusterVersion_Version DEFAULT (0),
        ChangedAt datetime2(3)  NOT NULL CONSTRAINT DF_OrleansClusterVersion_ChangedAt DEFAULT (SYSUTCDATETIME()),
        CONSTRAINT PK_OrleansClusterVersion PRIMARY KEY CLUSTERED (ClusterId)
    );
END;

IF OBJECT_ID(N'dbo.OrleansClusterMember', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.OrleansClusterMember
    (
        ClusterId    nvarchar(150) NOT NULL,
        Address      nvarchar(45)  NOT NULL,
        Port         int           NOT NULL,
        Generation   int           NOT NULL,
        SiloName     nvarchar(150) NOT NULL,
        HostName     nvarchar(253) NOT NULL,
        Status       int           NOT NULL,
        ProxyPort    int           NOT NULL,
        SuspectTimes nvarchar(max) NULL,
        StartTime    datetime2(3)  NOT NULL,
        IAmAliveTime datetime2(3)  NOT NULL,
        CONSTRAINT PK_OrleansClusterMember PRIMARY KEY CLUSTERED (ClusterId, Address, Port, Generation),
        CONSTRAINT FK_OrleansClusterMember_Version FOREIGN KEY (ClusterId)
            REFERENCES dbo.OrleansClusterVersion (ClusterId) ON DELETE CASCADE
    );
END;
GO

MERGE dbo.OrleansQuery AS target
USING (VALUES
-- Creates the version row of a cluster if it is missing. Answers whether this call created it.
(N'InsertMembershipVersionKey', N'
INSERT INTO dbo.OrleansClusterVersion (ClusterId)
SELECT @DeploymentId
WHERE NOT EXISTS (SELECT 1
                  FROM dbo.OrleansClusterVersion WITH (UPDLOCK, HOLDLOCK)
                  WHERE ClusterId = @DeploymentId);
SELECT CAST(@@ROWCOUNT AS bit);
'),

-- The whole table in one statement: always at least one row carrying the version, with null member
-- columns when the cluster has no silo yet.
(N'MembershipReadAllKey', N'
SELECT v.Version,
       m.Address,
       m.Port,
       m.Generation,
       m.SiloName,
       m.HostName,
       m.Status,
       m.ProxyPort,
       m.SuspectTimes,
       m.StartTime,
       m.IAmAliveTime
FROM dbo.OrleansClusterVersion AS v
LEFT JOIN dbo.OrleansClusterMember AS m ON m.ClusterId = v.ClusterId
WHERE v.ClusterId = @DeploymentId;
'),

-- One silo and the version, read together; the member columns are null when the silo is unknown.
(N'MembershipReadRowKey', N'
SELECT v.Version,
       m.Address,
       m.Port,
       m.Generation,
       m.SiloName,
       m.HostName,
       m.Status,
       m.ProxyPort,
       m.SuspectTimes,
       m.StartTime,
       m.IAmAliveTime
FROM dbo.OrleansClusterVersion AS v
LEFT JOIN dbo.OrleansClusterMember AS m
       ON m.ClusterId = v.ClusterId
      AND m.Address = @Address
      AND m.Port = @Port
      AND m.Generation = @Generation
WHERE v.ClusterId = @DeploymentId;
'),

-- Adds a silo row and advances the version in one transaction, both or neither. The version row
-- lock taken by the UPDATE serialises concurrent writers.
(N'InsertMembershipKey', N'
DECLARE @Added int = 0;
BEGIN TRY
    BEGIN TRANSACTION;
    UPDATE dbo.OrleansClusterVersion
       SET Version = Version + 1,
           ChangedAt = SYSUTCDATETIME()
     WHERE ClusterId = @DeploymentId
       AND Version = @Version
       AND NOT EXISTS (SELECT 1
                       FROM dbo.OrleansClusterMember WITH (UPDLOCK, HOLDLOCK)
                       WHERE ClusterId = @DeploymentId
                         AND Address = @Address
                         AND Port = @Port
                         AND Generation = @Generation);
    IF @@ROWCOUNT = 1
    BEGIN
        INSERT INTO dbo.OrleansClusterMember
            (ClusterId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        VALUES (@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime);
        SET @Added = @@ROWCOUNT;
    END;
    COMMIT TRANSACTION;
END TRY
BEGIN CATCH
    IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
    THROW;
END CATCH;
SELECT CAST(@Added AS bit);
'),

-- Replaces the mutable part of a silo row and advances the version, both or neither.
(N'UpdateMembershipKey', N'
DECLARE @Changed int = 0;
BEGIN TRY
    BEGIN TRANSACTION;
    UPDATE dbo.OrleansClusterVersion
       SET Version = Version + 1,
           ChangedAt = SYSUTCDATETIME()
     WHERE ClusterId = @DeploymentId
       AND Version = @Version
       AND EXISTS (SELECT 1
                   FROM dbo.OrleansClusterMember WITH (UPDLOCK, HOLDLOCK)
                   WHERE ClusterId = @DeploymentId
                     AND Address = @Address
                     AND Port = @Port
                     AND Generation = @Generation);
    IF @@ROWCOUNT = 1
    BEGIN
        UPDATE dbo.OrleansClusterMember
           SET Status = @Status,
               SuspectTimes = @SuspectTimes,
               IAmAliveTime = @IAmAliveTime
         WHERE ClusterId = @DeploymentId
           AND Address = @Address
           AND Port = @Port
           AND Generation = @Generation;
        SET @Changed = @@ROWCOUNT;
    END;
    COMMIT TRANSACTION;
END TRY
BEGIN CATCH
    IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
    THROW;
END CATCH;
SELECT CAST(@Changed AS bit);
'),

-- The heartbeat: a blind write of one column that leaves the version alone.
(N'UpdateIAmAlivetimeKey', N'
UPDATE dbo.OrleansClusterMember
   SET IAmAliveTime = @IAmAliveTime
 WHERE ClusterId = @DeploymentId
   AND Address = @Address
   AND Port = @Port
   AND Generation = @Generation;
'),

-- Silos a client may connect to: active ones that listen as gateways.
(N'GatewaysQueryKey', N'
SELECT m.Address,
       m.ProxyPort,
       m.Generation
FROM dbo.OrleansClusterMember AS m
WHERE m.ClusterId = @DeploymentId
  AND m.Status = @Status
  AND m.ProxyPort > 0;
'),

-- Forgets dead silos (Status 6) whose last heartbeat is older than @IAmAliveTime; the version stays.
(N'CleanupDefunctSiloEntriesKey', N'
DELETE FROM dbo.OrleansClusterMember
 WHERE ClusterId = @DeploymentId
   AND Status = 6
   AND IAmAliveTime < @IAmAliveTime;
'),

-- Forgets a whole cluster: its silos and its version row.
(N'DeleteMembershipTableEntriesKey', N'
DELETE FROM dbo.OrleansClusterMember WHERE ClusterId = @DeploymentId;
DELETE FROM dbo.OrleansClusterVersion WHERE ClusterId = @DeploymentId;
')
) AS source (QueryKey, QueryText)
ON target.QueryKey = source.QueryKey
WHEN MATCHED THEN UPDATE SET QueryText = source.QueryText
WHEN NOT MATCHED THEN INSERT (QueryKey, QueryText) VALUES (source.QueryKey, source.QueryText);
