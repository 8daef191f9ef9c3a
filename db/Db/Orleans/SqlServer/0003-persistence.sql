-- Battleship: grain state for Orleans' ADO.NET grain storage provider (SQL Server).
--
-- Same identity, content and concurrency rules as PostgreSql/0003-persistence.sql:
--   key     (ServiceId, StateName = @GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtension), led by
--           the two int hashes the provider supplies; a unique index forbids a second row per key
--           (SQL Server unique indexes treat NULL extensions as equal, which is what the key needs);
--   payload varbinary(max): the serializer output, UTF-8 JSON with the System.Text.Json serializer;
--   Version is the ETag: a write succeeds only from the version the writer read (or, for a writer that
--           saw no row, only while there is still none) and answers the next version; otherwise it
--           answers no row and changes nothing, which the provider raises as InconsistentStateException.
-- The unique index fits SQL Server's 1,700-byte limit for nonclustered keys (1,648 bytes at most).
--
-- Safe to run more than once.

IF OBJECT_ID(N'dbo.OrleansGrainState', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.OrleansGrainState
    (
        Id               bigint         IDENTITY(1, 1) NOT NULL,
        ServiceId        nvarchar(150)  NOT NULL,
        StateName        nvarchar(150)  NOT NULL,
        StateNameHash    int            NOT NULL,
        GrainIdHash      int            NOT NULL,
        GrainIdN0        bigint         NOT NULL,
        GrainIdN1        bigint         NOT NULL,
        GrainIdExtension nvarchar(512)  NULL,
        Version          int            NOT NULL,
        Payload          varbinary(max) NULL,
        ModifiedAt       datetime2(3)   NOT NULL CONSTRAINT DF_OrleansGrainState_ModifiedAt DEFAULT (SYSUTCDATETIME()),
        CONSTRAINT PK_OrleansGrainState PRIMARY KEY CLUSTERED (Id)
    );
END;

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'UX_OrleansGrainState_Key' AND object_id = OBJECT_ID(N'dbo.OrleansGrainState'))
BEGIN
    CREATE UNIQUE NONCLUSTERED INDEX UX_OrleansGrainState_Key
        ON dbo.OrleansGrainState (GrainIdHash, StateNameHash, ServiceId, StateName, GrainIdN0, GrainIdN1, GrainIdExtension);
END;
GO

MERGE dbo.OrleansQuery AS target
USING (VALUES
-- No row: the grain starts from a fresh state with a null ETag. A cleared row (null payload) still
-- reports its version, so the next write continues from it.
(N'ReadFromStorageKey', N'
SELECT s.Payload AS PayloadBinary,
       s.Version
FROM dbo.OrleansGrainState AS s
WHERE s.GrainIdHash = @GrainIdHash
  AND s.StateNameHash = @GrainTypeHash
  AND s.ServiceId = @ServiceId
  AND s.StateName = @GrainTypeString
  AND s.GrainIdN0 = @GrainIdN0
  AND s.GrainIdN1 = @GrainIdN1
  AND (s.GrainIdExtension = @GrainIdExtensionString
       OR (s.GrainIdExtension IS NULL AND @GrainIdExtensionString IS NULL));
'),

-- One MERGE under HOLDLOCK: moves an existing row on from @GrainStateVersion, or inserts version 1
-- when the writer saw no row and there still is none. Anything else matches no branch and outputs
-- nothing, so the provider reports the conflict.
(N'WriteToStorageKey', N'
MERGE dbo.OrleansGrainState WITH (HOLDLOCK) AS s
USING (SELECT @GrainIdHash AS GrainIdHash,
              @GrainTypeHash AS StateNameHash,
              @ServiceId AS ServiceId,
              @GrainTypeString AS StateName,
              @GrainIdN0 AS GrainIdN0,
              @GrainIdN1 AS GrainIdN1,
              @GrainIdExtensionString AS GrainIdExtension) AS k
   ON s.GrainIdHash = k.GrainIdHash
  AND s.StateNameHash = k.StateNameHash
  AND s.ServiceId = k.ServiceId
  AND s.StateName = k.StateName
  AND s.GrainIdN0 = k.GrainIdN0
  AND s.GrainIdN1 = k.GrainIdN1
  AND (s.GrainIdExtension = k.GrainIdExtension OR (s.GrainIdExtension IS NULL AND k.GrainIdExtension IS NULL))
WHEN MATCHED AND s.Version = @GrainStateVersion THEN
    UPDATE SET Payload = @PayloadBinary,
               Version = s.Version + 1,
               ModifiedAt = SYSUTCDATETIME()
WHEN NOT MATCHED BY TARGET AND @GrainStateVersion IS NULL THEN
    INSERT (ServiceId, StateName, StateNameHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainIdExtension, Version, Payload)
    VALUES (k.ServiceId, k.StateName, k.StateNameHash, k.GrainIdHash, k.GrainIdN0, k.GrainIdN1, k.GrainIdExtension, 1, @PayloadBinary)
OUTPUT inserted.Version AS NewGrainStateVersion;
'),

-- ClearStateAsync with DeleteStateOnClear = false: keeps the row, drops the payload and moves the
-- version on, under the same rule as a write.
(N'ClearStorageKey', N'
UPDATE dbo.OrleansGrainState
   SET Payload = NULL,
       Version = Version + 1,
       ModifiedAt = SYSUTCDATETIME()
OUTPUT inserted.Version AS NewGrainStateVersion
 WHERE GrainIdHash = @GrainIdHash
   AND StateNameHash = @GrainTypeHash
   AND ServiceId = @ServiceId
   AND StateName = @GrainTypeString
   AND GrainIdN0 = @GrainIdN0
   AND GrainIdN1 = @GrainIdN1
   AND (GrainIdExtension = @GrainIdExtensionString
        OR (GrainIdExtension IS NULL AND @GrainIdExtensionString IS NULL))
   AND Version = @GrainStateVersion;
'),

-- ClearStateAsync with DeleteStateOnClear = true: removes the row if it is still at @GrainStateVersion
-- and answers version + 1 (the provider wants a value different from the ETag it sent).
(N'DeleteStorageKey', N'
DELETE FROM dbo.OrleansGrainState
OUTPUT deleted.Version + 1 AS NewGrainStateVersion
 WHERE GrainIdHash = @GrainIdHash
   AND StateNameHash = @GrainTypeHash
   AND ServiceId = @ServiceId
   AND StateName = @GrainTypeString
   AND GrainIdN0 = @GrainIdN0
   AND GrainIdN1 = @GrainIdN1
   AND (GrainIdExtension = @GrainIdExtensionString
        OR (GrainIdExtension IS NULL AND @GrainIdExtensionString IS NULL))
   AND Version = @GrainStateVersion;
')
) AS source (QueryKey, QueryText)
ON target.QueryKey = source.QueryKey
WHEN MATCHED THEN UPDATE SET QueryText = source.QueryText
WHEN NOT MATCHED THEN INSERT (QueryKey, QueryText) VALUES (source.QueryKey, source.QueryText);
