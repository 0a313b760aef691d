-- Databases adopted in place at version 2 (memory_graph already had relationship_type) skipped
-- version 2's indexes; the Python service may have named its own differently. Ensure ours exist.
CREATE INDEX IF NOT EXISTS idx_memory_graph_source ON memory_graph (source_hash);
CREATE INDEX IF NOT EXISTS idx_memory_graph_target ON memory_graph (target_hash);
CREATE INDEX IF NOT EXISTS idx_memory_graph_type ON memory_graph (relationship_type);
