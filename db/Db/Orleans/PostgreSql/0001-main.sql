-- Battleship: the query registry that every Orleans ADO.NET provider reads at start-up (PostgreSQL).
--
-- Contract: each provider runs the fixed statement
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- (unquoted, so PostgreSQL folds it to orleansquery/querykey/querytext) and then executes the text
-- stored under each key it needs, binding its parameters by name (@Name). The table name and the two
-- column names are therefore fixed; everything the stored texts touch is this project's own design.
-- The query rows are upserted by the later scripts, so re-running them replaces the texts in place.
--
-- Safe to run more than once.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (QueryKey)
);

COMMENT ON TABLE OrleansQuery IS
    'Orleans ADO.NET query registry: providers load QueryText by QueryKey at start-up (restart silos after changing a text).';
