-- =============================================================================
-- PreSessions on PostgreSQL, migration 0004: the engagement directory.
--
-- Which pre-sessions each organisation has applied or RSVPed to: the index an
-- organisation reads to find its applications and RSVPs, whose only durable
-- record is the pre-session's own grain state (see IEngagementDirectory). A
-- pre-session inserts a row before it stores an organisation's first command;
-- rows are hints and are never removed. Written by PostgresEngagementDirectory.
-- A database migrated from 0003 keeps all it had: organisations' own states
-- still name the pre-sessions they applied to before this migration.
-- =============================================================================

CREATE TABLE presessions_engagements
(
    service_id      text NOT NULL,
    organisation_id text NOT NULL,
    -- The pre-session grain's key, "wg/SUR".
    pre_session     text NOT NULL,
    PRIMARY KEY (service_id, organisation_id, pre_session)
);
