-- =============================================================================
-- PreSessions: grain state storage for SQLite (script 001)
--
-- This is PreSessions' OWN schema and query set. It is not a copy of the SQL
-- scripts shipped with Orleans; it is written to fit the query contract of the
-- Orleans ADO.NET grain storage provider (Microsoft.Orleans.Persistence.AdoNet
-- 10.x, class Orleans.Storage.AdoNetGrainStorage):
--
--   * At silo start the provider runs
--       SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey IN
--         ('WriteToStorageKey','ReadFromStorageKey','ClearStorageKey','DeleteStorageKey')
--     and then executes those texts as commands. WriteToStorageKey,
--     ReadFromStorageKey and ClearStorageKey are mandatory; DeleteStorageKey is
--     only required when AdoNetGrainStorageOptions.DeleteStateOnClear = true.
--   * Every query is bound with (no '@' prefix; Microsoft.Data.Sqlite maps the
--     names to @Name):
--       GrainIdHash  INT, GrainIdN0 BIGINT, GrainIdN1 BIGINT,
--       GrainTypeHash INT, GrainTypeString TEXT, GrainIdExtensionString TEXT NULL,
--       ServiceId TEXT
--     write/clear/delete also get GrainStateVersion INT NULL (the ETag the grain
--     holds; NULL = "I have never seen a stored record"), write also gets
--     PayloadBinary BLOB (the serialized state).
--   * ReadFromStorageKey: zero or one row with columns PayloadBinary (BLOB or NULL)
--     and Version (INT). The Version becomes the grain's ETag.
--   * WriteToStorageKey: exactly one row with column NewGrainStateVersion when
--     the write was accepted, NO row when it was not. The provider raises
--     InconsistentStateException when no version comes back, or when the returned
--     version equals the one it sent.
--   * ClearStorageKey / DeleteStorageKey: the new version in the FIRST column of
--     a single row when accepted, no row on a version conflict. (For delete the
--     provider expects "deleted version + 1" and then sets the ETag to NULL.)
--
-- Identity. The provider does not pass the grain type. It passes:
--   GrainTypeString = the name it is given as "grainType" (in Orleans 7+ this is
--                     the *state name*, e.g. "counter"),
--   GrainIdN0/N1/GrainIdExtensionString = the grain key as parsed by Orleans
--                     (string keys that look like hex numbers or GUIDs are
--                     parsed as such).
-- With the stock provider, two grain types that use the same state name and the
-- same key would therefore share one row (dotnet/orleans#8746, #9737), and
-- string keys "abc" / "0ABC" would too (#9706). PreSessions avoids that in
-- EmbeddedStore.UseEmbeddedStore, which hands the provider
--   "<grain type>/<grain key>/<state name>"  (escaped) as GrainTypeString.
-- This table keys on ALL identity columns it receives, so it is correct either
-- way; the hash parameters are not needed by SQLite and are ignored.
--
-- Concurrency: optimistic, by Version. A write is accepted only if the caller's
-- GrainStateVersion equals the stored Version (or both are absent for a first
-- insert); every accepted write/clear increments Version.
--
-- Durability: each mutating query starts with PRAGMA synchronous = FULL (see
-- EmbeddedStore.cs for why); journal_mode = WAL is set by EmbeddedStore.EnsureSchema
-- because it cannot be changed inside the transaction this script runs in.
--
-- Idempotent: safe to run at every start (CREATE ... IF NOT EXISTS, INSERT OR REPLACE).
-- =============================================================================

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS PreSessionsGrainState
(
    -- ClusterOptions.ServiceId: different services sharing one file never mix.
    ServiceId      TEXT    NOT NULL,
    -- What the provider sends as @GrainTypeString (see "Identity" above).
    StateKey       TEXT    NOT NULL,
    -- Grain key as parsed by the provider: N0/N1 = GUID halves or 0/long key,
    -- KeyExtension = key extension or the whole string key; NULL = no extension.
    KeyN0          INTEGER NOT NULL,
    KeyN1          INTEGER NOT NULL,
    KeyExtension   TEXT    NULL,
    -- Optimistic-concurrency version, returned to the grain as its ETag.
    Version        INTEGER NOT NULL CHECK (Version >= 1),
    -- Serialized state; NULL after ClearStateAsync (row kept, version bumped).
    Payload        BLOB    NULL,
    UpdatedAtUnix  INTEGER NOT NULL
);

-- One row per (service, state key, grain key). KeyExtension is nullable and SQL
-- treats NULLs as distinct in UNIQUE indexes, so the index uses the pair
-- (KeyExtension IS NULL, IFNULL(KeyExtension, '')): NULL and '' stay different
-- keys and neither can be duplicated.
CREATE UNIQUE INDEX IF NOT EXISTS UX_PreSessionsGrainState_Identity
    ON PreSessionsGrainState (ServiceId, StateKey, KeyN0, KeyN1, KeyExtension IS NULL, IFNULL(KeyExtension, ''));

-- Queries. They contain no string literals on purpose, so they can be embedded
-- below without quote escaping. Identity match uses "KeyExtension IS @..." which
-- is SQLite's NULL-safe equality.

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT Payload AS PayloadBinary,
       Version AS Version
FROM PreSessionsGrainState
WHERE ServiceId = @ServiceId
  AND StateKey = @GrainTypeString
  AND KeyN0 = @GrainIdN0
  AND KeyN1 = @GrainIdN1
  AND KeyExtension IS @GrainIdExtensionString;
');

-- Two mutually exclusive statements; exactly one can return a row:
--  1. first write (caller has no version): insert version 1 unless a row exists;
--  2. later write: bump the version only if the caller's version is current.
-- Each statement is atomic on its own (SQLite takes the write lock before it
-- reads), so two concurrent writers with the same version cannot both succeed.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
PRAGMA synchronous = FULL;
INSERT INTO PreSessionsGrainState (ServiceId, StateKey, KeyN0, KeyN1, KeyExtension, Version, Payload, UpdatedAtUnix)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, 1, @PayloadBinary, unixepoch()
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING Version AS NewGrainStateVersion;
UPDATE PreSessionsGrainState
SET Payload = @PayloadBinary,
    Version = CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END,
    UpdatedAtUnix = unixepoch()
WHERE @GrainStateVersion IS NOT NULL
  AND ServiceId = @ServiceId
  AND StateKey = @GrainTypeString
  AND KeyN0 = @GrainIdN0
  AND KeyN1 = @GrainIdN1
  AND KeyExtension IS @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
');

-- Clear keeps the row (so the version history continues) and drops the payload.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
PRAGMA synchronous = FULL;
UPDATE PreSessionsGrainState
SET Payload = NULL,
    Version = CASE WHEN Version >= 2147483647 THEN 1 ELSE Version + 1 END,
    UpdatedAtUnix = unixepoch()
WHERE ServiceId = @ServiceId
  AND StateKey = @GrainTypeString
  AND KeyN0 = @GrainIdN0
  AND KeyN1 = @GrainIdN1
  AND KeyExtension IS @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
');

-- Used only with DeleteStateOnClear = true: removes the row and returns
-- "deleted version + 1" so the provider sees a version change.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
PRAGMA synchronous = FULL;
DELETE FROM PreSessionsGrainState
WHERE ServiceId = @ServiceId
  AND StateKey = @GrainTypeString
  AND KeyN0 = @GrainIdN0
  AND KeyN1 = @GrainIdN1
  AND KeyExtension IS @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion;
');
