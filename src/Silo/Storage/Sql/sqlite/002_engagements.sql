-- =============================================================================
-- PreSessions: the engagement directory for SQLite (script 002)
--
-- Which pre-sessions each organisation has applied or RSVPed to: the index an
-- organisation reads to find its applications and RSVPs, whose only durable
-- record is the pre-session's own grain state (see IEngagementDirectory). A
-- pre-session inserts a row before it stores an organisation's first command;
-- rows are hints and are never removed. Written by SqliteEngagementDirectory.
--
-- Idempotent: safe to run at every start; a database written before this script
-- gets the empty table, and its organisations' own states still name the
-- pre-sessions they applied to then.
-- =============================================================================

CREATE TABLE IF NOT EXISTS PreSessionsEngagements
(
    ServiceId      TEXT NOT NULL,
    OrganisationId TEXT NOT NULL,
    -- The pre-session grain's key, "wg/SUR".
    PreSession     TEXT NOT NULL,
    PRIMARY KEY (ServiceId, OrganisationId, PreSession)
) WITHOUT ROWID;
