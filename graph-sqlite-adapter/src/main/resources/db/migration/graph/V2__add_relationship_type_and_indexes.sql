-- Typed relationships (the Python service's v9.0.0) and the indexes its queries use.
ALTER TABLE memory_graph ADD COLUMN relationship_type TEXT DEFAULT 'related';

CREATE INDEX IF NOT EXISTS idx_memory_graph_source ON memory_graph (source_hash);
CREATE INDEX IF NOT EXISTS idx_memory_graph_target ON memory_graph (target_hash);
CREATE INDEX IF NOT EXISTS idx_memory_graph_type ON memory_graph (relationship_type);
