-- The service's PostgreSQL schema: grain state, cluster membership and reminders for Orleans' ADO.NET providers
-- (Microsoft.Orleans.Persistence.AdoNet, Clustering.AdoNet and Reminders.AdoNet 10.4.2, invariant "Npgsql").
--
-- The contract with Orleans: each provider, when it starts, loads the rows of OrleansQuery and from then on runs only
-- those texts. It binds parameters by name (@ServiceId, @DeploymentId, ...) with fixed types (text, int4, int8, bytea,
-- timestamptz) and reads result columns by name, case-insensitively. Those names are the interface; tables, indexes and
-- the SQL behind each key are ours.
--
-- Versions (ETags) are plain integers. A write names the version it last saw; a query that refuses it changes nothing
-- and returns no row or zero, which Orleans turns into InconsistentStateException (grain state) or a retried membership
-- round (cluster).
--
-- Every statement is idempotent. DatabaseSchema.ApplyAsync (`Authz.Silo --setup-database`) runs this file in one
-- transaction under an advisory lock; query texts are upserted, so running a newer file also upgrades them.

CREATE TABLE IF NOT EXISTS authz_schema_version
(
    version     integer     NOT NULL PRIMARY KEY,
    description text        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- ---------------------------------------------------------------------------------------------------------------------
-- Grain state (AdoNetGrainStorage)
--
-- A grain's state is one row. Orleans passes the state name as @GrainTypeString and splits the grain id into
-- @GrainIdN0/@GrainIdN1 (integer and Guid keys) and @GrainIdExtensionString (string keys, key extensions; NULL when
-- there is none), plus two int4 hashes that make the lookup cheap. PayloadBinary holds whatever the configured
-- IGrainStorageSerializer produced (the service configures Orleans' binary serializer; Orleans' default is JSON as
-- UTF-8 bytes); NULL once the state is cleared.
-- ---------------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    ServiceId              text        NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdHash            integer     NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainIdExtensionString text        NULL,
    PayloadBinary          bytea       NULL,
    Version                integer     NOT NULL,
    ModifiedOn             timestamptz NOT NULL DEFAULT now()
);

-- At most one row per grain and state name, so two activations racing to create the state cannot both win. The
-- hashes lead so that lookups use the index; the last two expressions keep "no extension" (NULL) apart from "".
CREATE UNIQUE INDEX IF NOT EXISTS OrleansStorage_Grain ON OrleansStorage
(
    GrainIdHash,
    GrainTypeHash,
    ServiceId,
    GrainTypeString,
    GrainIdN0,
    GrainIdN1,
    (COALESCE(GrainIdExtensionString, '')),
    (GrainIdExtensionString IS NULL)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ReadFromStorageKey',
    -- Result: PayloadBinary (NULL after a clear) and Version, or no row when the grain has never been written.
    $sql$
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
    $sql$
),
(
    'WriteToStorageKey',
    -- @GrainStateVersion NULL: the grain saw no row, so insert version 1 unless a row exists by now.
    -- Otherwise: replace the payload only if the row still has the version the grain read.
    -- Result: NewGrainStateVersion, or no row when refused (a stale version, or a row another activation created).
    $sql$
    WITH updated AS
    (
        UPDATE OrleansStorage
        SET PayloadBinary = @PayloadBinary,
            Version = Version + 1,
            ModifiedOn = now()
        WHERE GrainIdHash = @GrainIdHash
          AND GrainTypeHash = @GrainTypeHash
          AND ServiceId = @ServiceId
          AND GrainTypeString = @GrainTypeString
          AND GrainIdN0 = @GrainIdN0
          AND GrainIdN1 = @GrainIdN1
          AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
          AND Version = @GrainStateVersion
        RETURNING Version
    ),
    inserted AS
    (
        INSERT INTO OrleansStorage
            (ServiceId, GrainTypeHash, GrainTypeString, GrainIdHash, GrainIdN0, GrainIdN1, GrainIdExtensionString,
             PayloadBinary, Version)
        SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
               @GrainIdExtensionString, @PayloadBinary, 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING Version
    )
    SELECT Version AS NewGrainStateVersion FROM updated
    UNION ALL
    SELECT Version FROM inserted
    $sql$
),
(
    'ClearStorageKey',
    -- Keeps the row with an empty payload and a new version, so a later write still has a version to check.
    -- Result: the new version in the first column, or no row when @GrainStateVersion is stale.
    $sql$
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        Version = Version + 1,
        ModifiedOn = now()
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion
    $sql$
),
(
    'DeleteStorageKey',
    -- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear is set. Orleans only needs a
    -- value different from the version it sent to know the delete happened; it then forgets the ETag.
    $sql$
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND ServiceId = @ServiceId
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion
    $sql$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- ---------------------------------------------------------------------------------------------------------------------
-- Cluster membership (AdoNetClusteringTable on silos, AdoNetGatewayListProvider on clients)
--
-- @DeploymentId is the ClusterId. Each cluster has one version row; every change to its members (a silo joining, a
-- status change, a suspicion vote) must name the current version and bumps it, so concurrent changes based on the
-- same view of the table cannot both succeed. I-am-alive heartbeats and the cleanup of long-dead silos do not bump it.
-- Silo status numbers are Orleans' SiloStatus: 3 Active, 6 Dead.
-- ---------------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId text        NOT NULL PRIMARY KEY,
    Timestamp    timestamptz NOT NULL DEFAULT now(),
    Version      integer     NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId text        NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      text        NOT NULL,
    Port         integer     NOT NULL,
    Generation   integer     NOT NULL,
    SiloName     text        NOT NULL,
    HostName     text        NOT NULL,
    Status       integer     NOT NULL,
    ProxyPort    integer     NOT NULL,
    SuspectTimes text        NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'InsertMembershipVersionKey',
    -- Result: 1 when this call created the cluster's version row, 0 when it was already there.
    $sql$
    WITH created AS
    (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer FROM created
    $sql$
),
(
    'InsertMembershipKey',
    -- A silo adds its own row. Both effects or neither: the version moves only when the row is new, and the row is
    -- added only when the version moved. Concurrent writers queue on the version row's lock and re-check @Version.
    -- Result: 1 on success, 0 when the version is stale or the silo is already listed.
    $sql$
    WITH bumped AS
    (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1,
            Timestamp = now()
        WHERE DeploymentId = @DeploymentId
          AND Version = @Version
          AND NOT EXISTS
          (
              SELECT 1
              FROM OrleansMembershipTable
              WHERE DeploymentId = @DeploymentId
                AND Address = @Address
                AND Port = @Port
                AND Generation = @Generation
          )
        RETURNING DeploymentId
    ),
    added AS
    (
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime,
               @IAmAliveTime
        FROM bumped
        RETURNING 1
    )
    SELECT count(*)::integer FROM added
    $sql$
),
(
    'UpdateMembershipKey',
    -- Status and suspicion changes, under the same version rule as inserts.
    -- Result: 1 on success, 0 when the version is stale or the silo is not listed.
    $sql$
    WITH bumped AS
    (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1,
            Timestamp = now()
        WHERE DeploymentId = @DeploymentId
          AND Version = @Version
          AND EXISTS
          (
              SELECT 1
              FROM OrleansMembershipTable
              WHERE DeploymentId = @DeploymentId
                AND Address = @Address
                AND Port = @Port
                AND Generation = @Generation
          )
        RETURNING DeploymentId
    ),
    changed AS
    (
        UPDATE OrleansMembershipTable AS member
        SET Status = @Status,
            SuspectTimes = @SuspectTimes,
            IAmAliveTime = @IAmAliveTime
        FROM bumped
        WHERE member.DeploymentId = bumped.DeploymentId
          AND member.Address = @Address
          AND member.Port = @Port
          AND member.Generation = @Generation
        RETURNING 1
    )
    SELECT count(*)::integer FROM changed
    $sql$
),
(
    'UpdateIAmAlivetimeKey',
    -- The heartbeat: no version check and no version change; Orleans ignores the result.
    $sql$
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address
      AND Port = @Port
      AND Generation = @Generation
    $sql$
),
(
    'MembershipReadRowKey',
    -- One silo's row and the table version, read in one snapshot. The outer join still yields the version (with NULL
    -- member columns) when the silo is not listed; Orleans takes a NULL StartTime to mean "no member".
    $sql$
    SELECT cluster_version.Version,
           member.Address, member.Port, member.Generation, member.SiloName, member.HostName, member.Status,
           member.ProxyPort, member.SuspectTimes, member.StartTime, member.IAmAliveTime
    FROM OrleansMembershipVersionTable AS cluster_version
    LEFT JOIN OrleansMembershipTable AS member
           ON member.DeploymentId = cluster_version.DeploymentId
          AND member.Address = @Address
          AND member.Port = @Port
          AND member.Generation = @Generation
    WHERE cluster_version.DeploymentId = @DeploymentId
    $sql$
),
(
    'MembershipReadAllKey',
    -- Every row of the cluster and the table version, read in one snapshot (same shape as MembershipReadRowKey).
    $sql$
    SELECT cluster_version.Version,
           member.Address, member.Port, member.Generation, member.SiloName, member.HostName, member.Status,
           member.ProxyPort, member.SuspectTimes, member.StartTime, member.IAmAliveTime
    FROM OrleansMembershipVersionTable AS cluster_version
    LEFT JOIN OrleansMembershipTable AS member
           ON member.DeploymentId = cluster_version.DeploymentId
    WHERE cluster_version.DeploymentId = @DeploymentId
    $sql$
),
(
    'GatewaysQueryKey',
    -- What clients connect to: silos in @Status (Orleans passes Active) that accept clients.
    $sql$
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = @Status
      AND ProxyPort > 0
    $sql$
),
(
    'CleanupDefunctSiloEntriesKey',
    -- Required by 10.4.2 but only run when CleanupDefunctSiloEntryKey is absent: removes rows of dead silos that
    -- stopped reporting before @IAmAliveTime.
    $sql$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = 6
      AND IAmAliveTime < @IAmAliveTime
    $sql$
),
(
    'CleanupDefunctSiloEntryKey',
    -- Optional in 10.4.2 and preferred when present: Orleans reads all rows, picks the dead silos it considers defunct
    -- and removes each one only if the row still holds exactly what it read (compare-and-delete), so a row that changed
    -- in the meantime survives. An empty suspect list may be sent as '' or NULL.
    $sql$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address
      AND Port = @Port
      AND Generation = @Generation
      AND Status = 6
      AND StartTime = @StartTime
      AND IAmAliveTime = @IAmAliveTime
      AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '')
    $sql$
),
(
    'DeleteMembershipTableEntriesKey',
    -- Forgets a whole cluster (Orleans' tests use it); members first, for the foreign key.
    $sql$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId
    $sql$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- ---------------------------------------------------------------------------------------------------------------------
-- Reminders (AdoNetReminderTable)
--
-- One row per grain and reminder name. GrainHash is the grain's uniform hash as a signed int4; each silo reads the
-- slice of the hash ring it owns. Period is in milliseconds (Orleans sends int4 or int8). Version is the reminder's
-- ETag: every upsert moves it and a removal must name the current one.
-- ---------------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    text        NOT NULL,
    GrainId      text        NOT NULL,
    ReminderName text        NOT NULL,
    StartTime    timestamptz NOT NULL,
    Period       bigint      NOT NULL,
    GrainHash    integer     NOT NULL,
    Version      integer     NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IF NOT EXISTS OrleansRemindersTable_Ring ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'UpsertReminderRowKey',
    -- Result: Version, the reminder's new ETag.
    $sql$
    INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
    SET StartTime = EXCLUDED.StartTime,
        Period = EXCLUDED.Period,
        GrainHash = EXCLUDED.GrainHash,
        Version = OrleansRemindersTable.Version + 1
    RETURNING Version
    $sql$
),
(
    'ReadReminderRowKey',
    $sql$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName
    $sql$
),
(
    'ReadReminderRowsKey',
    $sql$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
    $sql$
),
(
    'ReadRangeRows1Key',
    -- The ring slice (@BeginHash, @EndHash] when it does not wrap in signed int4 order.
    $sql$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainHash > @BeginHash
      AND GrainHash <= @EndHash
    $sql$
),
(
    'ReadRangeRows2Key',
    -- The ring slice that wraps: above @BeginHash or up to @EndHash (the whole ring when they are equal).
    $sql$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)
    $sql$
),
(
    'DeleteReminderRowKey',
    -- Result: 1 when removed, 0 when @Version is not the reminder's current ETag (or it is gone).
    $sql$
    WITH removed AS
    (
        DELETE FROM OrleansRemindersTable
        WHERE ServiceId = @ServiceId
          AND GrainId = @GrainId
          AND ReminderName = @ReminderName
          AND Version = @Version
        RETURNING 1
    )
    SELECT count(*)::integer FROM removed
    $sql$
),
(
    'DeleteReminderRowsKey',
    -- Every reminder of the service (Orleans' tests use it).
    $sql$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId
    $sql$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO authz_schema_version (version, description)
VALUES (1, 'Orleans 10.4.2 ADO.NET grain state, clustering and reminders')
ON CONFLICT (version) DO NOTHING;
