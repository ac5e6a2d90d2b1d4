-- =============================================================================
-- PreSessions on PostgreSQL, migration 0001: grain state.
--
-- PreSessions' OWN schema and queries (not Orleans' scripts), fitted to the
-- query contract of Orleans' ADO.NET grain storage provider
-- (Microsoft.Orleans.Persistence.AdoNet 10.4.2, Orleans.Storage.AdoNetGrainStorage):
--
--   * At silo start the provider reads QueryKey, QueryText FROM OrleansQuery for
--     WriteToStorageKey, ReadFromStorageKey, ClearStorageKey (required) and
--     DeleteStorageKey (used only with DeleteStateOnClear = true).
--   * Every query is bound with GrainIdHash int, GrainIdN0 bigint,
--     GrainIdN1 bigint, GrainTypeHash int, GrainTypeString text,
--     GrainIdExtensionString text NULL, ServiceId text; write/clear/delete add
--     GrainStateVersion int NULL (the grain's ETag; NULL = never stored), write
--     adds PayloadBinary bytea.
--   * ReadFromStorageKey: zero or one row (PayloadBinary, Version).
--   * WriteToStorageKey: one row (NewGrainStateVersion) when accepted, none on
--     a version conflict, which the provider raises as InconsistentStateException.
--   * ClearStorageKey / DeleteStorageKey: the new version in the first column of
--     one row when accepted, no row on a conflict.
--
-- Identity: GrainTypeString is what GrainScopedGrainStorage hands over,
-- "<grain type>/<grain key>/<state name>"; the row key is every identity value
-- received, so it stays correct even without the wrapper. The hashes are not
-- needed and are ignored.
--
-- Needs PostgreSQL 15 or later (UNIQUE NULLS NOT DISTINCT).
-- =============================================================================

-- The provider's fixed catalogue of query texts; the clustering and reminders
-- migrations add theirs to it. Unquoted, so the provider's
-- "SELECT QueryKey, QueryText FROM OrleansQuery" finds it.
CREATE TABLE OrleansQuery
(
    QueryKey  text PRIMARY KEY,
    QueryText text NOT NULL
);

CREATE TABLE presessions_grain_state
(
    -- ClusterOptions.ServiceId: services sharing a database never mix.
    service_id    text        NOT NULL,
    state_key     text        NOT NULL,
    -- The grain key as the provider parses it: N0/N1 = GUID halves or 0/long key,
    -- key_extension = key extension or string key; NULL = none.
    key_n0        bigint      NOT NULL,
    key_n1        bigint      NOT NULL,
    key_extension text        NULL,
    -- Optimistic-concurrency version, the grain's ETag.
    version       integer     NOT NULL CHECK (version >= 1),
    -- NULL after ClearStateAsync: the row stays so the version keeps counting.
    payload       bytea       NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    -- NULLS NOT DISTINCT: "no extension" is one key, not a new one each insert.
    CONSTRAINT presessions_grain_state_identity
        UNIQUE NULLS NOT DISTINCT (service_id, state_key, key_n0, key_n1, key_extension)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $query$
SELECT payload AS "PayloadBinary",
       version AS "Version"
FROM presessions_grain_state
WHERE service_id = @ServiceId
  AND state_key = @GrainTypeString
  AND key_n0 = @GrainIdN0
  AND key_n1 = @GrainIdN1
  AND key_extension IS NOT DISTINCT FROM @GrainIdExtensionString;
$query$);

-- One statement, two exclusive branches: a first write (no version) inserts
-- version 1 unless the row exists; a later write bumps the version only if the
-- caller's is current. The row lock makes a concurrent writer with the same
-- version re-check and find it stale.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $query$
WITH inserted AS (
    INSERT INTO presessions_grain_state (service_id, state_key, key_n0, key_n1, key_extension, version, payload)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, 1, @PayloadBinary
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT presessions_grain_state_identity DO NOTHING
    RETURNING version
), updated AS (
    UPDATE presessions_grain_state
    SET payload = @PayloadBinary,
        version = CASE WHEN version >= 2147483647 THEN 1 ELSE version + 1 END,
        updated_at = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND service_id = @ServiceId
      AND state_key = @GrainTypeString
      AND key_n0 = @GrainIdN0
      AND key_n1 = @GrainIdN1
      AND key_extension IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM inserted
UNION ALL
SELECT version FROM updated;
$query$);

-- Clear keeps the row (so the version history continues) and drops the payload.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $query$
UPDATE presessions_grain_state
SET payload = NULL,
    version = CASE WHEN version >= 2147483647 THEN 1 ELSE version + 1 END,
    updated_at = now()
WHERE service_id = @ServiceId
  AND state_key = @GrainTypeString
  AND key_n0 = @GrainIdN0
  AND key_n1 = @GrainIdN1
  AND key_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion";
$query$);

-- DeleteStateOnClear = true only: "deleted version + 1" tells the provider the
-- version moved on.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', $query$
DELETE FROM presessions_grain_state
WHERE service_id = @ServiceId
  AND state_key = @GrainTypeString
  AND key_n0 = @GrainIdN0
  AND key_n1 = @GrainIdN1
  AND key_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version + 1 AS "NewGrainStateVersion";
$query$);
