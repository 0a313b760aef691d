package io.hybridgraph.d1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SQL the adapter runs against the remote {@code memory_graph} and its bookkeeping tables.
 *
 * <p>Sequence assignment: every upsert statement of a push request reads the change counter once
 * (an uncorrelated subquery SQLite evaluates once per statement) and gives the row at position
 * {@code k} of the request the sequence {@code counter + k}; the request's last data statement then
 * adds the number of rows to the counter. D1 runs one request as one serialized transaction, so
 * every row a request inserts or replaces gets a sequence greater than any committed before, and a
 * reader never sees a later sequence before an earlier one commits. Rows the merge rule skips keep
 * their old sequence; the numbers they would have taken are gaps, which pulls tolerate.
 */
final class GraphSql {

  static final String TABLE = "memory_graph";

  static final String COLUMNS =
      "source_hash, target_hash, similarity, connection_types, metadata, created_at,"
          + " relationship_type, causal_length, hlc, deleted, change_seq";

  static final String CREATE_TABLE =
      "CREATE TABLE memory_graph ("
          + "source_hash TEXT NOT NULL, "
          + "target_hash TEXT NOT NULL, "
          + "similarity REAL NOT NULL, "
          + "connection_types TEXT NOT NULL, "
          + "metadata TEXT, "
          + "created_at REAL NOT NULL, "
          + "relationship_type TEXT DEFAULT 'related', "
          + "causal_length INTEGER NOT NULL, "
          + "hlc TEXT NOT NULL, "
          + "deleted INTEGER NOT NULL DEFAULT 0, "
          + "change_seq INTEGER NOT NULL, "
          + "PRIMARY KEY (source_hash, target_hash))";

  static final List<String> CREATE_INDEXES =
      List.of(
          "CREATE INDEX IF NOT EXISTS idx_memory_graph_source ON memory_graph(source_hash)",
          "CREATE INDEX IF NOT EXISTS idx_memory_graph_target ON memory_graph(target_hash)",
          "CREATE INDEX IF NOT EXISTS idx_memory_graph_type ON memory_graph(relationship_type)",
          "CREATE UNIQUE INDEX IF NOT EXISTS idx_memory_graph_change_seq"
              + " ON memory_graph(change_seq)");

  static final String COUNTER_NAME = "change_seq";

  /** The message of the trigger that refuses a batch sequence a device already recorded. */
  static final String ALREADY_APPLIED = "hybridgraph: batch already applied";

  static final String UPSERT_HEADER = "INSERT INTO memory_graph (" + COLUMNS + ") VALUES ";

  static final String UPSERT_FOOTER =
      " ON CONFLICT (source_hash, target_hash) DO UPDATE SET"
          + " similarity = excluded.similarity,"
          + " connection_types = excluded.connection_types,"
          + " metadata = excluded.metadata,"
          + " created_at = excluded.created_at,"
          + " relationship_type = excluded.relationship_type,"
          + " causal_length = excluded.causal_length,"
          + " hlc = excluded.hlc,"
          + " deleted = excluded.deleted,"
          + " change_seq = excluded.change_seq"
          + " WHERE excluded.causal_length > memory_graph.causal_length"
          + " OR (excluded.causal_length = memory_graph.causal_length"
          + " AND excluded.hlc > memory_graph.hlc)";

  private static final String SEQ_BASE =
      "(SELECT value FROM sync_counter WHERE name = '" + COUNTER_NAME + "')";

  static final int UPSERT_HEADER_BYTES = UPSERT_HEADER.length();
  static final int UPSERT_FOOTER_BYTES = UPSERT_FOOTER.length();

  private GraphSql() {}

  /**
   * The VALUES tuple of one row; {@code offset} is the row's 1-based position in its request, so
   * its sequence is the counter plus {@code offset}.
   */
  static String valuesTuple(EncodedRow row, int offset) {
    StringBuilder out = new StringBuilder(128);
    appendTuple(out, row, offset);
    return out.toString();
  }

  /** Bytes of {@link #valuesTuple} (its text is ASCII, so characters are bytes). */
  static int valuesTupleBytes(EncodedRow row, int offset) {
    return valuesTuple(row, offset).length();
  }

  private static void appendTuple(StringBuilder out, EncodedRow row, int offset) {
    out.append("(?,?,?,?,?,?,");
    if (row.relationshipType() == null) {
      out.append("NULL");
    } else {
      out.append('\'').append(row.relationshipType()).append('\'');
    }
    out.append(',')
        .append(row.causalLength())
        .append(",'")
        .append(row.hlc())
        .append("',")
        .append(row.deleted() ? '1' : '0')
        .append(',')
        .append(SEQ_BASE)
        .append('+')
        .append(offset)
        .append(')');
  }

  /** One multi-row upsert of {@code rows[from, to)}, the first of them at {@code firstOffset}. */
  static D1Statement upsert(List<EncodedRow> rows, int from, int to, int firstOffset) {
    StringBuilder sql =
        new StringBuilder(UPSERT_HEADER_BYTES + UPSERT_FOOTER_BYTES + 160 * (to - from));
    sql.append(UPSERT_HEADER);
    List<Object> params = new ArrayList<>((to - from) * EncodedRow.PARAMS);
    for (int i = from; i < to; i++) {
      if (i > from) {
        sql.append(',');
      }
      appendTuple(sql, rows.get(i), firstOffset + (i - from));
      params.addAll(Arrays.asList(rows.get(i).params()));
    }
    sql.append(UPSERT_FOOTER);
    return new D1Statement(sql.toString(), params);
  }

  /** Moves the change counter past the {@code rows} sequences a request handed out. */
  static D1Statement bumpCounter(int rows) {
    return new D1Statement(
        "UPDATE sync_counter SET value = value + " + rows + " WHERE name = '" + COUNTER_NAME + "'",
        List.of());
  }

  /** The highest batch sequence {@code device} recorded so far (no row when none). */
  static D1Statement readProgress(String device) {
    return new D1Statement(
        "SELECT last_batch_sequence FROM sync_device_progress WHERE device_id = ?",
        List.of(device));
  }

  /**
   * Records that {@code device} applied its batch {@code sequence}; the recorded value never goes
   * back. Informational: a re-sent batch is applied all the same (its rows merge as no-ops).
   */
  static D1Statement recordProgress(String device, long sequence) {
    return new D1Statement(
        "INSERT INTO sync_device_progress (device_id, last_batch_sequence, updated_at)"
            + " VALUES (?, "
            + sequence
            + ", strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
            + " ON CONFLICT (device_id) DO UPDATE SET"
            + " last_batch_sequence = max(last_batch_sequence, excluded.last_batch_sequence),"
            + " updated_at = excluded.updated_at",
        List.of(device));
  }

  /** Upper bound of the JSON bytes of the two bookkeeping statements of a request. */
  static final int BOOKKEEPING_JSON_BYTES = 1024;

  /** Approximate reply bytes of one row beyond its variable-length columns. */
  private static final String ROW_BYTES =
      "(256 + length(CAST(source_hash AS BLOB)) + length(CAST(target_hash AS BLOB))"
          + " + length(CAST(connection_types AS BLOB)) + COALESCE(length(CAST(metadata AS BLOB)), 0))";

  /**
   * A page of the change feed after a cursor: at most {@code limit + 1} rows by sequence, cut where
   * the rows before reach {@code budgetBytes} (the first row always comes). {@code fetched} tells
   * how many rows the page could have had.
   */
  static D1Statement pullPage(long cursor, int limit, long budgetBytes) {
    return new D1Statement(
        budgeted(
            "SELECT "
                + COLUMNS
                + ", "
                + ROW_BYTES
                + " AS row_bytes FROM memory_graph WHERE change_seq > ?"
                + " ORDER BY change_seq LIMIT "
                + (limit + 1),
            "change_seq",
            budgetBytes),
        List.of(cursor));
  }

  /** Every row of one drift bucket ({@code RowDigest.BUCKET_SQL}), in key order. */
  static D1Statement bucketRows(int bucket) {
    return new D1Statement(
        "SELECT "
            + COLUMNS
            + " FROM memory_graph WHERE "
            + io.hybridgraph.domain.replica.RowDigest.BUCKET_SQL
            + " = ? ORDER BY source_hash, target_hash",
        List.of(bucket));
  }

  /** A page of the whole table by key after {@code (source, target)}, budgeted like pulls. */
  static D1Statement scanPage(String afterSource, String afterTarget, int limit, long budgetBytes) {
    String order = "source_hash, target_hash";
    if (afterSource == null) {
      return new D1Statement(
          budgeted(
              "SELECT "
                  + COLUMNS
                  + ", "
                  + ROW_BYTES
                  + " AS row_bytes FROM memory_graph"
                  + " ORDER BY "
                  + order
                  + " LIMIT "
                  + (limit + 1),
              order,
              budgetBytes),
          List.of());
    }
    return new D1Statement(
        budgeted(
            "SELECT "
                + COLUMNS
                + ", "
                + ROW_BYTES
                + " AS row_bytes FROM memory_graph"
                + " WHERE source_hash > ?1 OR (source_hash = ?1 AND target_hash > ?2)"
                + " ORDER BY "
                + order
                + " LIMIT "
                + (limit + 1),
            order,
            budgetBytes),
        List.of(afterSource, afterTarget));
  }

  private static String budgeted(String inner, String order, long budgetBytes) {
    return "SELECT "
        + COLUMNS
        + ", fetched FROM (SELECT p.*,"
        + " SUM(row_bytes) OVER (ORDER BY "
        + order
        + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS bytes_before,"
        + " COUNT(*) OVER () AS fetched FROM ("
        + inner
        + ") p) WHERE bytes_before IS NULL OR bytes_before < "
        + budgetBytes
        + " ORDER BY "
        + order;
  }
}
