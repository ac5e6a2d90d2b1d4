-- =============================================================================
-- PreSessions on PostgreSQL, migration 0005: the audit log.
--
-- Every change, appended, never edited (see AuditOutbox): each grain record
-- stores its change's entry in its state with the change, and appends it here
-- after the write, numbered by its sequence within its source, so a repeated
-- append adds nothing. id is the order of appending and the readers' cursor;
-- appends take a transaction-level advisory lock before they insert, so ids are
-- committed in order and a reader's cursor never passes an id still to commit.
-- Written and read by PostgresAuditLog. Entries of a database migrated from
-- 0004 live in the grains' states and move here at their first flush.
-- =============================================================================

CREATE TABLE presessions_audit
(
    id              bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id      text    NOT NULL,
    -- The grain record, e.g. 'pre-session/29/FRA', and the entry's number in it.
    source          text    NOT NULL,
    sequence        bigint  NOT NULL,
    wg              integer NULL,
    sur             text    NULL,
    organisation_id text    NULL,
    room            text    NULL,
    -- The instant, in UTC ticks (100 ns): exact, unlike timestamptz (1 µs).
    at_utc_ticks    bigint  NOT NULL,
    actor           text    NOT NULL,
    action          text    NOT NULL,
    subject         text    NULL,
    detail          text    NULL,
    trace_id        text    NULL,
    UNIQUE (service_id, source, sequence)
);

CREATE INDEX presessions_audit_wg ON presessions_audit (service_id, wg, sur, id);
CREATE INDEX presessions_audit_organisation ON presessions_audit (service_id, organisation_id, id);
CREATE INDEX presessions_audit_room ON presessions_audit (service_id, room, id);
