#!/usr/bin/env python3
"""Acts on a SQLite file the way the Python memory service (mcp-memory-service v10.59) does.

Each command writes exactly what that service writes to its database, with the same statements and
in the same transactions, so that a test can show what a device running this project sees when the
service shares its file. Standard library only. The facts behind each command are in the project's
notes on the Python service (tables, write causes, housekeeping).

Usage: python-memory-service.py DB COMMAND [ARGS...]

  init                              create the service's tables if missing (memories with deleted_at,
                                    metadata, memory_graph with relationship_type and its indexes)
  add-memory HASH [CONTENT] [TAGS]  store a memory (a row of memories)
  add-memories TAGS HASH...         store several memories with the same tags, one transaction
                                    (as the service's memory sync brings a batch from the cloud)
  store SOURCE TARGET TYPE SIM      store an association: symmetric types as two mirror rows,
                                    directed ones as one row, INSERT OR REPLACE
  contradicts A B                   conflict detection's contradicts pair (two mirror rows)
  entities HASH NAME:TYPE...        entity links: has_entity rows to entity names, INSERT OR IGNORE
  delete-association A B            the graph tool's delete: both rows of the pair
  delete-memory HASH                delete a memory: its edges, then a soft delete, one transaction
  delete-by-tag TAG                 delete every live memory carrying TAG, as delete-memory, at once
  prune-orphans                     consolidation: delete every row whose source or target has no
                                    live memory (deleted_at IS NULL); prints the rows deleted
  startup                           the graph migrations re-run at every start (008, 009, 010)
"""

import json
import sqlite3
import sys
import time

SYMMETRIC = {"related", "contradicts"}
DIRECTED = ("causes", "fixes", "supports", "follows")


def connect(path):
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 30000")
    return connection


class transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (the service's write transactions)."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind, value, traceback):
        self.connection.execute("ROLLBACK" if kind else "COMMIT")
        return False


def columns(connection, table):
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def init(connection):
    with transaction(connection) as c:
        c.execute(
            "CREATE TABLE IF NOT EXISTS memories (id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " content_hash TEXT UNIQUE NOT NULL, content TEXT NOT NULL, tags TEXT,"
            " memory_type TEXT, metadata TEXT, created_at REAL, updated_at REAL,"
            " created_at_iso TEXT, updated_at_iso TEXT, deleted_at REAL DEFAULT NULL)"
        )
        if "deleted_at" not in columns(c, "memories"):
            c.execute("ALTER TABLE memories ADD COLUMN deleted_at REAL DEFAULT NULL")
        c.execute("CREATE INDEX IF NOT EXISTS idx_content_hash ON memories(content_hash)")
        c.execute("CREATE TABLE IF NOT EXISTS metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    startup(connection)


def startup(connection):
    """Migrations 008, 009 and 010, as the service re-runs them at every start."""
    # 008: the graph table and its indexes.
    with transaction(connection) as c:
        c.execute(
            "CREATE TABLE IF NOT EXISTS memory_graph (source_hash TEXT NOT NULL,"
            " target_hash TEXT NOT NULL, similarity REAL NOT NULL, connection_types TEXT NOT NULL,"
            " metadata TEXT, created_at REAL NOT NULL, PRIMARY KEY (source_hash, target_hash))"
        )
        c.execute("CREATE INDEX IF NOT EXISTS idx_graph_source ON memory_graph(source_hash)")
        c.execute("CREATE INDEX IF NOT EXISTS idx_graph_target ON memory_graph(target_hash)")
    # 009: the relationship type column; on every start but the first it fails as a duplicate column.
    try:
        with transaction(connection) as c:
            c.execute("ALTER TABLE memory_graph ADD COLUMN relationship_type TEXT DEFAULT 'related'")
    except sqlite3.OperationalError as error:
        if "duplicate column" not in str(error):
            raise
    with transaction(connection) as c:
        c.execute("CREATE INDEX IF NOT EXISTS idx_memory_graph_type ON memory_graph(relationship_type)")
    # 010: of two opposite rows of one directed type, keep the one whose source sorts first.
    with transaction(connection) as c:
        removed = 0
        for kind in DIRECTED:
            removed += c.execute(
                "DELETE FROM memory_graph WHERE relationship_type = ? AND source_hash > target_hash"
                " AND EXISTS (SELECT 1 FROM memory_graph AS m WHERE m.source_hash = memory_graph.target_hash"
                " AND m.target_hash = memory_graph.source_hash AND m.relationship_type = ?)",
                (kind, kind),
            ).rowcount
    print(json.dumps({"startup_removed": removed}))


def add_memory(connection, content_hash, content=None, tags=""):
    now = time.time()
    with transaction(connection) as c:
        c.execute(
            "INSERT OR REPLACE INTO memories (content_hash, content, tags, memory_type, metadata,"
            " created_at, updated_at, created_at_iso, updated_at_iso, deleted_at)"
            " VALUES (?, ?, ?, 'note', '{}', ?, ?, ?, ?, NULL)",
            (content_hash, content or f"memory {content_hash[:12]}", tags, now, now,
             iso(now), iso(now)),
        )


def add_memories(connection, tags, hashes):
    now = time.time()
    with transaction(connection) as c:
        for content_hash in hashes:
            c.execute(
                "INSERT OR REPLACE INTO memories (content_hash, content, tags, memory_type,"
                " metadata, created_at, updated_at, created_at_iso, updated_at_iso, deleted_at)"
                " VALUES (?, ?, ?, 'note', '{}', ?, ?, ?, ?, NULL)",
                (content_hash, f"memory {content_hash[:12]}", tags, now, now, iso(now), iso(now)),
            )
    print(json.dumps({"memories_added": len(hashes)}))


def iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + "Z"


def store(connection, source, target, kind, similarity, connection_types=("semantic",), meta=None):
    now = time.time()
    row_types = json.dumps(list(connection_types))
    row_meta = json.dumps(meta or {})
    statement = (
        "INSERT OR REPLACE INTO memory_graph (source_hash, target_hash, similarity,"
        " connection_types, metadata, created_at, relationship_type) VALUES (?, ?, ?, ?, ?, ?, ?)"
    )
    with transaction(connection) as c:
        c.execute(statement, (source, target, similarity, row_types, row_meta, now, kind))
        if kind in SYMMETRIC:
            c.execute(statement, (target, source, similarity, row_types, row_meta, now, kind))


def entities(connection, content_hash, specs):
    now = time.time()
    with transaction(connection) as c:
        for spec in specs:
            name, _, kind = spec.partition(":")
            c.execute(
                "INSERT OR IGNORE INTO memory_graph (source_hash, target_hash, similarity,"
                " connection_types, metadata, created_at, relationship_type)"
                " VALUES (?, ?, 1.0, ?, ?, ?, 'has_entity')",
                (content_hash, name, json.dumps(["entity"]),
                 json.dumps({"entity_type": kind or "concept"}), now),
            )


def delete_association(connection, a, b):
    with transaction(connection) as c:
        c.execute(
            "DELETE FROM memory_graph WHERE (source_hash = ? AND target_hash = ?)"
            " OR (source_hash = ? AND target_hash = ?)",
            (a, b, b, a),
        )


def delete_memories(connection, hashes):
    """Edges first, then the soft delete, all in one transaction (the service's delete path)."""
    now = time.time()
    deleted = 0
    with transaction(connection) as c:
        for content_hash in hashes:
            deleted += c.execute(
                "DELETE FROM memory_graph WHERE source_hash = ? OR target_hash = ?",
                (content_hash, content_hash),
            ).rowcount
            c.execute(
                "UPDATE memories SET deleted_at = ?, updated_at = ? WHERE content_hash = ?",
                (now, now, content_hash),
            )
    print(json.dumps({"memories": len(hashes), "rows_deleted": deleted}))


def delete_by_tag(connection, tag):
    hashes = [
        row[0]
        for row in connection.execute(
            "SELECT content_hash FROM memories WHERE deleted_at IS NULL"
            " AND (',' || replace(coalesce(tags, ''), ' ', '') || ',') LIKE ?",
            (f"%,{tag},%",),
        )
    ]
    delete_memories(connection, hashes)


def prune_orphans(connection):
    with transaction(connection) as c:
        removed = c.execute(
            "DELETE FROM memory_graph WHERE source_hash NOT IN"
            " (SELECT content_hash FROM memories WHERE deleted_at IS NULL)"
            " OR target_hash NOT IN (SELECT content_hash FROM memories WHERE deleted_at IS NULL)"
        ).rowcount
    print(json.dumps({"orphans_removed": removed}))


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    connection = connect(argv[1])
    command, args = argv[2], argv[3:]
    try:
        if command == "init":
            init(connection)
        elif command == "add-memory":
            add_memory(connection, *args[:3])
        elif command == "add-memories":
            add_memories(connection, args[0], args[1:])
        elif command == "store":
            store(connection, args[0], args[1], args[2], float(args[3]))
        elif command == "contradicts":
            store(connection, args[0], args[1], "contradicts", 0.9, ("conflict",))
        elif command == "entities":
            entities(connection, args[0], args[1:])
        elif command == "delete-association":
            delete_association(connection, args[0], args[1])
        elif command == "delete-memory":
            delete_memories(connection, [args[0]])
        elif command == "delete-by-tag":
            delete_by_tag(connection, args[0])
        elif command == "prune-orphans":
            prune_orphans(connection)
        elif command == "startup":
            startup(connection)
        else:
            print(f"unknown command {command!r}\n{__doc__}", file=sys.stderr)
            return 2
    except (IndexError, ValueError) as error:
        print(f"bad arguments for {command}: {error}\n{__doc__}", file=sys.stderr)
        return 2
    finally:
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
