-- Replication state, the durable outbox and change capture. memory_graph itself stays exactly as
-- the Python service defines it, so that service can keep reading and writing the same file.

-- Every replicated row of every pair, tombstones included: the state merges run on.
-- memory_graph holds what this state shows.
CREATE TABLE graph_sync_replica (
    source_hash       TEXT    NOT NULL,
    target_hash       TEXT    NOT NULL,
    causal_length     INTEGER NOT NULL,
    hlc               TEXT    NOT NULL,
    deleted           INTEGER NOT NULL,
    relationship_type TEXT,
    similarity        REAL,
    connection_types  TEXT,
    metadata          TEXT,
    created_at        REAL,
    PRIMARY KEY (source_hash, target_hash)
) WITHOUT ROWID;

-- Rows changed on this device and not yet acknowledged by the cloud; one entry per row.
CREATE TABLE graph_sync_outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    source_hash     TEXT    NOT NULL,
    target_hash     TEXT    NOT NULL,
    enqueued_at     INTEGER NOT NULL, -- epoch ms of the oldest change still waiting for this row
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    parked_at       INTEGER,
    UNIQUE (source_hash, target_hash)
);

-- Small named values: device id, cursors, checkpoints.
CREATE TABLE graph_sync_state (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Keys of memory_graph rows written by other programs, waiting to be adopted into the replica.
CREATE TABLE graph_sync_capture (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    source_hash TEXT NOT NULL,
    target_hash TEXT NOT NULL
);

-- Holds a row only inside this project's own write transactions (inserted first, deleted before
-- commit), so no other connection ever sees it: the triggers below capture everyone else's writes.
CREATE TABLE graph_sync_guard (
    owner INTEGER PRIMARY KEY
);

CREATE TRIGGER graph_sync_capture_insert AFTER INSERT ON memory_graph
WHEN NOT EXISTS (SELECT 1 FROM graph_sync_guard)
BEGIN
    INSERT INTO graph_sync_capture (source_hash, target_hash) VALUES (NEW.source_hash, NEW.target_hash);
END;

CREATE TRIGGER graph_sync_capture_update AFTER UPDATE ON memory_graph
WHEN NOT EXISTS (SELECT 1 FROM graph_sync_guard)
BEGIN
    INSERT INTO graph_sync_capture (source_hash, target_hash) VALUES (OLD.source_hash, OLD.target_hash);
    INSERT INTO graph_sync_capture (source_hash, target_hash) VALUES (NEW.source_hash, NEW.target_hash);
END;

CREATE TRIGGER graph_sync_capture_delete AFTER DELETE ON memory_graph
WHEN NOT EXISTS (SELECT 1 FROM graph_sync_guard)
BEGIN
    INSERT INTO graph_sync_capture (source_hash, target_hash) VALUES (OLD.source_hash, OLD.target_hash);
END;

CREATE INDEX graph_sync_replica_target ON graph_sync_replica (target_hash);
