-- Battleship: durable reminders for Orleans' ADO.NET reminder table (SQL Server).
--
-- Same contract as PostgreSql/0004-reminders.sql: rows keyed by (ServiceId, GrainId, ReminderName),
-- Version is the ETag, GrainHash (the grain's uniform hash as int) places the row on the ring and
-- ReadRangeRows1Key/ReadRangeRows2Key read the (begin, end] slice that does not / does wrap.
-- The primary key is nonclustered (up to 1,400 bytes); the clustered index follows the ring so that
-- a silo's range read is one ordered scan.
--
-- Safe to run more than once.

IF OBJECT_ID(N'dbo.OrleansReminder', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.OrleansReminder
    (
        ServiceId    nvarchar(150) NOT NULL,
        GrainId      nvarchar(400) NOT NULL,
        ReminderName nvarchar(150) NOT NULL,
        GrainHash    int           NOT NULL,
        StartTime    datetime2(3)  NOT NULL,
        PeriodMs     bigint        NOT NULL,
        Version      int           NOT NULL,
        CONSTRAINT PK_OrleansReminder PRIMARY KEY NONCLUSTERED (ServiceId, GrainId, ReminderName)
    );
END;

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'CX_OrleansReminder_Ring' AND object_id = OBJECT_ID(N'dbo.OrleansReminder'))
BEGIN
    CREATE CLUSTERED INDEX CX_OrleansReminder_Ring ON dbo.OrleansReminder (ServiceId, GrainHash);
END;
GO

MERGE dbo.OrleansQuery AS target
USING (VALUES
(N'ReadReminderRowsKey', N'
SELECT r.GrainId,
       r.ReminderName,
       r.StartTime,
       r.PeriodMs AS Period,
       r.Version
FROM dbo.OrleansReminder AS r
WHERE r.ServiceId = @ServiceId
  AND r.GrainId = @GrainId;
'),

(N'ReadReminderRowKey', N'
SELECT r.GrainId,
       r.ReminderName,
       r.StartTime,
       r.PeriodMs AS Period,
       r.Version
FROM dbo.OrleansReminder AS r
WHERE r.ServiceId = @ServiceId
  AND r.GrainId = @GrainId
  AND r.ReminderName = @ReminderName;
'),

-- (begin, end] that does not wrap.
(N'ReadRangeRows1Key', N'
SELECT r.GrainId,
       r.ReminderName,
       r.StartTime,
       r.PeriodMs AS Period,
       r.Version
FROM dbo.OrleansReminder AS r
WHERE r.ServiceId = @ServiceId
  AND r.GrainHash > @BeginHash
  AND r.GrainHash <= @EndHash;
'),

-- (begin, end] that wraps: above begin, or up to and including end.
(N'ReadRangeRows2Key', N'
SELECT r.GrainId,
       r.ReminderName,
       r.StartTime,
       r.PeriodMs AS Period,
       r.Version
FROM dbo.OrleansReminder AS r
WHERE r.ServiceId = @ServiceId
  AND (r.GrainHash > @BeginHash OR r.GrainHash <= @EndHash);
'),

-- Last writer wins; every write moves the ETag on. HOLDLOCK makes the MERGE a race-free upsert.
(N'UpsertReminderRowKey', N'
MERGE dbo.OrleansReminder WITH (HOLDLOCK) AS r
USING (SELECT @ServiceId AS ServiceId,
              @GrainId AS GrainId,
              @ReminderName AS ReminderName) AS k
   ON r.ServiceId = k.ServiceId
  AND r.GrainId = k.GrainId
  AND r.ReminderName = k.ReminderName
WHEN MATCHED THEN
    UPDATE SET GrainHash = @GrainHash,
               StartTime = @StartTime,
               PeriodMs = @Period,
               Version = r.Version + 1
WHEN NOT MATCHED BY TARGET THEN
    INSERT (ServiceId, GrainId, ReminderName, GrainHash, StartTime, PeriodMs, Version)
    VALUES (k.ServiceId, k.GrainId, k.ReminderName, @GrainHash, @StartTime, @Period, 1)
OUTPUT inserted.Version AS Version;
'),

-- Removes one reminder if its ETag still matches; answers whether a row went.
(N'DeleteReminderRowKey', N'
DELETE FROM dbo.OrleansReminder
 WHERE ServiceId = @ServiceId
   AND GrainId = @GrainId
   AND ReminderName = @ReminderName
   AND Version = @Version;
SELECT CAST(@@ROWCOUNT AS bit);
'),

(N'DeleteReminderRowsKey', N'
DELETE FROM dbo.OrleansReminder WHERE ServiceId = @ServiceId;
')
) AS source (QueryKey, QueryText)
ON target.QueryKey = source.QueryKey
WHEN MATCHED THEN UPDATE SET QueryText = source.QueryText
WHEN NOT MATCHED THEN INSERT (QueryKey, QueryText) VALUES (source.QueryKey, source.QueryText);
