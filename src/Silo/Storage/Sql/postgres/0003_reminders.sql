-- =============================================================================
-- PreSessions on PostgreSQL, migration 0003: reminders.
--
-- PreSessions' OWN schema and queries, fitted to the query contract of Orleans'
-- ADO.NET reminder table (Microsoft.Orleans.Reminders.AdoNet 10.4.2,
-- AdoNetReminderTable). Required OrleansQuery keys:
--
--   ReadReminderRowsKey (ServiceId, GrainId), ReadReminderRowKey (+ ReminderName),
--   ReadRangeRows1Key / ReadRangeRows2Key (ServiceId, BeginHash, EndHash)
--       -> rows of GrainId, ReminderName, StartTime, Period (read as Int64
--          milliseconds), Version (int, the ETag).
--   UpsertReminderRowKey (ServiceId, GrainHash, GrainId, ReminderName,
--       StartTime, Period) -> one row with the new "Version".
--   DeleteReminderRowKey (ServiceId, GrainId, ReminderName, Version)
--       -> one row, one boolean column: deleted only if the ETag matches.
--   DeleteReminderRowsKey (ServiceId): delete the service's reminders.
--
-- Hashes. The ring is unsigned (uint) but the provider binds GrainHash,
-- BeginHash and EndHash as int ((int)uint, two's complement), and picks the
-- query by SIGNED order: (int)BeginHash < (int)EndHash -> ReadRangeRows1Key,
-- otherwise ReadRangeRows2Key. Stored as the same signed int, the unsigned
-- range (Begin, End] is then exactly "hash > Begin AND hash <= End" in the first
-- case and "hash > Begin OR hash <= End" in the second, including ranges that
-- cross 2^31 or wrap past zero, and the full ring (Begin = End).
-- Period arrives as int or bigint milliseconds: stored as bigint.
-- =============================================================================

CREATE TABLE presessions_reminders
(
    service_id    text        NOT NULL,
    -- GrainId.ToString(), what the provider parses back.
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    -- GrainId.GetUniformHashCode() as a signed int (see "Hashes" above).
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo reads the reminders of its range of the ring.
CREATE INDEX presessions_reminders_ring ON presessions_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', $query$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
FROM presessions_reminders
WHERE service_id = @ServiceId
  AND grain_id = @GrainId;
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', $query$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
FROM presessions_reminders
WHERE service_id = @ServiceId
  AND grain_id = @GrainId
  AND reminder_name = @ReminderName;
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', $query$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
FROM presessions_reminders
WHERE service_id = @ServiceId
  AND grain_hash > @BeginHash
  AND grain_hash <= @EndHash;
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', $query$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
FROM presessions_reminders
WHERE service_id = @ServiceId
  AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', $query$
INSERT INTO presessions_reminders AS r
    (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time,
    period_ms = excluded.period_ms,
    grain_hash = excluded.grain_hash,
    version = CASE WHEN r.version >= 2147483647 THEN 0 ELSE r.version + 1 END
RETURNING r.version AS "Version";
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', $query$
WITH deleted AS (
    DELETE FROM presessions_reminders
    WHERE service_id = @ServiceId
      AND grain_id = @GrainId
      AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted);
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', $query$
DELETE FROM presessions_reminders
WHERE service_id = @ServiceId;
$query$);
