-- Pairs whose memory_graph rows this project changed, so that every store open on the same file
-- (a server and a command line, say) can bring its in-memory traversal index up to date.
CREATE TABLE graph_sync_view_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    source_hash TEXT    NOT NULL, -- the pair's lower memory
    target_hash TEXT    NOT NULL, -- the pair's higher memory
    logged_at   INTEGER NOT NULL  -- epoch ms; entries older than an hour are pruned
);
