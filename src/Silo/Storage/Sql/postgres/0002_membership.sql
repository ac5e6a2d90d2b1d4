-- =============================================================================
-- PreSessions on PostgreSQL, migration 0002: cluster membership.
--
-- PreSessions' OWN schema and queries, fitted to the query contract of Orleans'
-- ADO.NET clustering provider (Microsoft.Orleans.Clustering.AdoNet 10.4.2:
-- AdoNetClusteringTable on silos, AdoNetGatewayListProvider on clients). The
-- provider reads every row of OrleansQuery and requires these keys:
--
--   InsertMembershipVersionKey (DeploymentId) -> one row, one boolean column:
--       whether the cluster's version row was created now.
--   MembershipReadAllKey (DeploymentId), MembershipReadRowKey (DeploymentId,
--       Address, Port, Generation) -> at least one row: the table version in
--       "Version", plus the silo's columns (Address, Port, Generation, SiloName,
--       HostName, Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime),
--       all NULL when no silo matches. A NULL StartTime means "no silo".
--   InsertMembershipKey (DeploymentId, Address, Port, Generation, SiloName,
--       HostName, Status, ProxyPort, StartTime, IAmAliveTime, Version) and
--   UpdateMembershipKey (DeploymentId, Address, Port, Generation, Status,
--       SuspectTimes, IAmAliveTime, Version) -> one row, one boolean column.
--       Version is the table version the silo last read (every row's ETag is
--       the table version): the write succeeds only if the table is still at
--       that version, and moves it on by one, atomically with the row change.
--   UpdateIAmAlivetimeKey (DeploymentId, Address, Port, Generation,
--       IAmAliveTime): heartbeat; leaves the table version alone.
--   GatewaysQueryKey (DeploymentId, Status = 3 Active) -> Address, ProxyPort,
--       Generation of the silos clients may connect to.
--   DeleteMembershipTableEntriesKey (DeploymentId): forget the cluster.
--   CleanupDefunctSiloEntriesKey (DeploymentId, IAmAliveTime = cutoff): delete
--       Dead silos older than the cutoff. Required, but only used when the
--       optional key below is missing.
--   CleanupDefunctSiloEntryKey (DeploymentId, Address, Port, Generation,
--       StartTime, IAmAliveTime, SuspectTimes): the provider picks Dead rows
--       itself and deletes each only if it still holds the values it read.
--
-- Types: Address is text, Port/Generation/Status/ProxyPort int, times
-- timestamptz (the provider binds DbType.DateTime with UTC DateTimes, which
-- Npgsql sends as timestamptz), Version int.
-- =============================================================================

CREATE TABLE presessions_membership_version
(
    -- ClusterOptions.ClusterId (the provider calls it DeploymentId).
    deployment_id text        PRIMARY KEY,
    version       integer     NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE presessions_membership
(
    deployment_id   text        NOT NULL
        REFERENCES presessions_membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    -- Orleans.Runtime.SiloStatus: 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead.
    status          integer     NOT NULL,
    proxy_port      integer     NULL,
    -- "silo,time|silo,time": who suspects this silo, as Orleans formats it.
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', $query$
WITH created AS (
    INSERT INTO presessions_membership_version (deployment_id, version)
    VALUES (@DeploymentId, 0)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING deployment_id
)
SELECT EXISTS (SELECT 1 FROM created);
$query$);

-- One statement reads the version and the rows, so they are consistent.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', $query$
SELECT v.version         AS "Version",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime"
FROM presessions_membership_version v
LEFT JOIN presessions_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', $query$
SELECT v.version         AS "Version",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime"
FROM presessions_membership_version v
LEFT JOIN presessions_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$query$);

-- The version row is locked and moved on first; the silo row is written only
-- from its RETURNING, so both happen or neither. A concurrent writer holding
-- the same version waits on the row lock, then finds the version changed.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', $query$
WITH bumped AS (
    UPDATE presessions_membership_version
    SET version = version + 1, updated_at = now()
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM presessions_membership
                      WHERE deployment_id = @DeploymentId
                        AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
), inserted AS (
    INSERT INTO presessions_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted);
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', $query$
WITH bumped AS (
    UPDATE presessions_membership_version
    SET version = version + 1, updated_at = now()
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND EXISTS (SELECT 1 FROM presessions_membership
                  WHERE deployment_id = @DeploymentId
                    AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
), updated AS (
    UPDATE presessions_membership m
    SET status = @Status,
        suspect_times = @SuspectTimes,
        i_am_alive_time = @IAmAliveTime
    FROM bumped
    WHERE m.deployment_id = bumped.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated);
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', $query$
UPDATE presessions_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation;
$query$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', $query$
SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
FROM presessions_membership
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0;
$query$);

-- The silo rows go with the version row (ON DELETE CASCADE).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', $query$
DELETE FROM presessions_membership_version
WHERE deployment_id = @DeploymentId;
$query$);

-- Fallback cleanup: Dead (6) silos that neither started nor reported after the cutoff.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $query$
DELETE FROM presessions_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND start_time < @IAmAliveTime
  AND i_am_alive_time < @IAmAliveTime;
$query$);

-- Deletes a Dead (6) silo only if it still holds what the provider read, so a
-- row changed since (a new suspicion, a later heartbeat) survives.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntryKey', $query$
DELETE FROM presessions_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND COALESCE(suspect_times, '') = COALESCE(@SuspectTimes, '');
$query$);
