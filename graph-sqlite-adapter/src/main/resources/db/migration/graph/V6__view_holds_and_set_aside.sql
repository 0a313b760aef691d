-- Living beside another program on one file. memory_graph is this device's view; graph_sync_replica
-- is what devices agree on. These tables are local to the device and never replicated.

-- Replicated live rows the view holds back, one per row, with the reason: memory_missing (one of
-- the row's memories has no row in memories yet; awaiting names it), reverse_half (the second half
-- of two opposite rows of one directed type), slot_taken (a row this project does not model holds
-- the place), mass_deletion (a deletion held by the mass-deletion guard; batch names it). The
-- held row's values stay in graph_sync_replica, since memory_graph does not show them.
CREATE TABLE graph_sync_held (
    source_hash TEXT    NOT NULL,
    target_hash TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    awaiting    TEXT,
    batch       INTEGER,
    held_at     INTEGER NOT NULL, -- epoch ms
    PRIMARY KEY (source_hash, target_hash)
) WITHOUT ROWID;

CREATE INDEX graph_sync_held_awaiting ON graph_sync_held (awaiting) WHERE awaiting IS NOT NULL;
CREATE INDEX graph_sync_held_batch ON graph_sync_held (batch) WHERE batch IS NOT NULL;

-- One adoption of another program's changes whose deletions the mass-deletion guard held.
CREATE TABLE graph_sync_deletion_batch (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    held_at            INTEGER NOT NULL, -- epoch ms
    associations       INTEGER NOT NULL, -- associations the deletions removed
    graph_associations INTEGER NOT NULL  -- associations the graph had before them
);

-- Rows that could not be read, set aside so that they stop nothing: origin view (the row stays in
-- memory_graph, skipped), replica (the row moved here out of graph_sync_replica, content holds its
-- columns) or outbox (the entry left graph_sync_outbox).
CREATE TABLE graph_sync_set_aside (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    origin       TEXT    NOT NULL,
    source_hash  TEXT    NOT NULL,
    target_hash  TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    content      TEXT,
    set_aside_at INTEGER NOT NULL, -- epoch ms
    UNIQUE (origin, source_hash, target_hash)
);
