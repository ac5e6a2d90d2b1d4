-- =============================================================================
-- PreSessions on PostgreSQL, migration 0006: grain records stored in parts.
--
-- A record that grows (a pre-session's applications, withdrawals and RSVPs)
-- keeps a small head in presessions_grain_state and one row per item here, so a
-- write stores the head and the items that came, changed or went instead of the
-- whole record (IStoredInParts, BatchedGrainStorage). Items are read back in
-- ord order within their list. Written by PostgresStateStore in the same
-- statement as the head, so a head and its items never disagree.
--
-- Records written before this migration stay whole in presessions_grain_state:
-- they are read as they are and move their items here at their next write, so
-- nothing is converted and nothing is lost.
-- =============================================================================

-- state_key names one grain's record on its own ('<grain type>/<grain key>/<state
-- name>', see BatchedGrainStorage.StateKey), which the new storage relies on.
ALTER TABLE presessions_grain_state
    ADD CONSTRAINT presessions_grain_state_record UNIQUE (service_id, state_key);

CREATE TABLE presessions_grain_items
(
    service_id text   NOT NULL,
    state_key  text   NOT NULL,
    -- Which list of the record, e.g. 'a' for a pre-session's applications.
    list       text   NOT NULL,
    -- Unique within the list, e.g. the organisation's id.
    item_key   text   NOT NULL,
    -- The item's place in its list (numbers with gaps, see ItemOrder).
    ord        bigint NOT NULL,
    -- The item, in Orleans' binary format.
    payload    bytea  NOT NULL,
    PRIMARY KEY (service_id, state_key, list, item_key)
);
