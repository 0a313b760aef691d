-- The association table as the Python memory service first created it.
CREATE TABLE IF NOT EXISTS memory_graph (
    source_hash      TEXT NOT NULL,
    target_hash      TEXT NOT NULL,
    similarity       REAL NOT NULL,
    connection_types TEXT NOT NULL, -- JSON array
    metadata         TEXT,          -- JSON object
    created_at       REAL NOT NULL,
    PRIMARY KEY (source_hash, target_hash)
);
