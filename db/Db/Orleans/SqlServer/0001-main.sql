-- Battleship: the query registry that every Orleans ADO.NET provider reads at start-up (SQL Server).
--
-- Contract: each provider runs the fixed statement
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- and then executes the text stored under each key it needs, binding its parameters by name (@Name).
-- The table name and the two column names are therefore fixed; everything the stored texts touch is
-- this project's own design. The later scripts MERGE their rows in, so re-running them replaces the
-- texts in place. Batches are separated by GO lines (OrleansSchema.ApplyAsync splits on them).
--
-- Safe to run more than once.

IF OBJECT_ID(N'dbo.OrleansQuery', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.OrleansQuery
    (
        QueryKey  varchar(64)   NOT NULL,
        QueryText nvarchar(max) NOT NULL,
        CONSTRAINT PK_OrleansQuery PRIMARY KEY CLUSTERED (QueryKey)
    );
END;
