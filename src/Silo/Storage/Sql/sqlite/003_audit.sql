-- =============================================================================
-- PreSessions: the audit log for SQLite (script 003)
--
-- Every change, appended, never edited (see AuditOutbox): each grain record
-- stores its change's entry in its state with the change, and appends it here
-- after the write, numbered by its Sequence within its Source, so a repeated
-- append adds nothing. Id is the order of appending and the readers' cursor
-- (SQLite has one writer, so ids are committed in order). Written and read by
-- SqliteAuditLog. Entries of a database written before this script live in the
-- grains' states and move here at their first flush.
--
-- Idempotent: safe to run at every start.
-- =============================================================================

CREATE TABLE IF NOT EXISTS PreSessionsAudit
(
    Id             INTEGER PRIMARY KEY AUTOINCREMENT,
    ServiceId      TEXT    NOT NULL,
    -- The grain record, e.g. "pre-session/29/FRA", and the entry's number in it.
    Source         TEXT    NOT NULL,
    Sequence       INTEGER NOT NULL,
    -- What the entry is about, for the queries of GET /api/audit.
    Wg             INTEGER NULL,
    Sur            TEXT    NULL,
    OrganisationId TEXT    NULL,
    Room           TEXT    NULL,
    -- The instant, in UTC ticks (100 ns): exact, and ordered as numbers.
    AtUtcTicks     INTEGER NOT NULL,
    Actor          TEXT    NOT NULL,
    Action         TEXT    NOT NULL,
    Subject        TEXT    NULL,
    Detail         TEXT    NULL,
    TraceId        TEXT    NULL,
    UNIQUE (ServiceId, Source, Sequence)
);

CREATE INDEX IF NOT EXISTS IX_PreSessionsAudit_Wg ON PreSessionsAudit (ServiceId, Wg, Sur, Id);
CREATE INDEX IF NOT EXISTS IX_PreSessionsAudit_Organisation ON PreSessionsAudit (ServiceId, OrganisationId, Id);
CREATE INDEX IF NOT EXISTS IX_PreSessionsAudit_Room ON PreSessionsAudit (ServiceId, Room, Id);
