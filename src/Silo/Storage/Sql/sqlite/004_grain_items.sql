-- =============================================================================
-- PreSessions: grain records stored in parts, for SQLite (script 004)
--
-- A record that grows (a pre-session's applications, withdrawals and RSVPs)
-- keeps a small head in PreSessionsGrainState and one row per item here, so a
-- write stores the head and the items that came, changed or went instead of the
-- whole record (IStoredInParts, BatchedGrainStorage). Items are read back in
-- Ord order within their List. Written and read by SqliteStateStore, in the
-- same transaction as the head, so a head and its items never disagree.
--
-- A database written before this script keeps its records whole in
-- PreSessionsGrainState: they are read as they are and move their items here
-- at their next write, so nothing is converted and nothing is lost.
--
-- Idempotent: safe to run at every start.
-- =============================================================================

-- StateKey names one grain's record on its own ("<grain type>/<grain key>/<state
-- name>", see BatchedGrainStorage.StateKey), which the new storage relies on.
CREATE UNIQUE INDEX IF NOT EXISTS UX_PreSessionsGrainState_StateKey
    ON PreSessionsGrainState (ServiceId, StateKey);

CREATE TABLE IF NOT EXISTS PreSessionsGrainItems
(
    ServiceId TEXT    NOT NULL,
    StateKey  TEXT    NOT NULL,
    -- Which list of the record, e.g. 'a' for a pre-session's applications.
    List      TEXT    NOT NULL,
    -- Unique within the list, e.g. the organisation's id.
    ItemKey   TEXT    NOT NULL,
    -- The item's place in its list (numbers with gaps, see ItemOrder).
    Ord       INTEGER NOT NULL,
    -- The item, in Orleans' binary format.
    Payload   BLOB    NOT NULL,
    PRIMARY KEY (ServiceId, StateKey, List, ItemKey)
) WITHOUT ROWID;
