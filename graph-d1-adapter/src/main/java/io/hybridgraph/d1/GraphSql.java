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

  /**
   * The table as remote schema 6 holds it: without rowid, the key {@code (source_hash,
   * target_hash)} is the table itself, so looking a row up by source needs no index of its own.
   */
  static final String CREATE_TABLE_WITHOUT_ROWID = CREATE_TABLE + " WITHOUT ROWID";

  /** The indexes of remote schema 6: by target, by type, and the unique change sequence. */
  static final List<String> CREATE_INDEXES_WITHOUT_ROWID =
      List.of(
          "CREATE INDEX IF NOT EXISTS idx_memory_graph_target ON memory_graph(target_hash)",
          "CREATE INDEX IF NOT EXISTS idx_memory_graph_type ON memory_graph(relationship_type)",
          "CREATE UNIQUE INDEX IF NOT EXISTS idx_memory_graph_change_seq"
              + " ON memory_graph(change_seq)");

  /** The indexes of remote schemas 2 to 5 (schema 6 drops the one on source). */
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

  /** The text columns a page leaves out of a row that is too large to travel in it. */
  static final List<String> LARGE_COLUMNS =
      List.of(
          "source_hash", "target_hash", "connection_types", "metadata", "relationship_type", "hlc");

  /** UTF-8 bytes of a row's text columns: what decides whether a page carries the row whole. */
  static final String TEXT_BYTES =
      "(length(CAST(source_hash AS BLOB)) + length(CAST(target_hash AS BLOB))"
          + " + length(CAST(connection_types AS BLOB)) + COALESCE(length(CAST(metadata AS BLOB)), 0)"
          + " + COALESCE(length(CAST(relationship_type AS BLOB)), 0) + length(CAST(hlc AS BLOB)))";

  /**
   * The columns of a page: every column of a row whose text takes at most {@code inlineBytes}; of a
   * larger ("thin") row only its sequence, numbers and {@code row_bytes}, its text columns NULL, to
   * be fetched afterwards by sequence ({@link #rowsBySequence}). So a page of {@code n} rows stays
   * within {@code n * (inlineBytes + a few hundred bytes)} without window functions, which D1 would
   * bill as extra rows read.
   */
  static String pageColumns(int inlineBytes) {
    StringBuilder out =
        new StringBuilder(
            "change_seq, similarity, created_at, causal_length, deleted, " + TEXT_BYTES);
    out.append(" AS row_bytes");
    for (String column : LARGE_COLUMNS) {
      out.append(", (CASE WHEN ")
          .append(TEXT_BYTES)
          .append(" <= ")
          .append(inlineBytes)
          .append(" THEN ")
          .append(column)
          .append(" END) AS ")
          .append(column);
    }
    return out.toString();
  }

  /**
   * A page of the change feed after a cursor: at most {@code limit + 1} rows by sequence (the one
   * more says whether there is more). D1 reads the rows it returns and at most one more.
   */
  static D1Statement pullPage(long cursor, int limit, int inlineBytes) {
    return new D1Statement(
        "SELECT "
            + pageColumns(inlineBytes)
            + " FROM memory_graph WHERE change_seq > CAST(? AS INTEGER)"
            + " ORDER BY change_seq LIMIT "
            + (limit + 1),
        List.of(cursor));
  }

  /**
   * A page of the change feed in {@code (cursor, upTo]} without the rows whose clock names {@code
   * writer}: at most {@code limit + 1} rows by sequence. D1 reads the rows of the range it passes,
   * left out or not, so {@code upTo} bounds the work of one request.
   */
  static D1Statement pullPageExcept(
      long cursor, long upTo, int limit, int inlineBytes, String writer) {
    return new D1Statement(
        "SELECT "
            + pageColumns(inlineBytes)
            + " FROM memory_graph WHERE change_seq > CAST(?1 AS INTEGER)"
            + " AND change_seq <= CAST(?2 AS INTEGER) AND substr(memory_graph.hlc, "
            + (HLC_DEVICE_OFFSET + 1)
            + ") <> ?3 ORDER BY change_seq LIMIT "
            + (limit + 1),
        List.of(cursor, upTo, writer));
  }

  /** Where the device part of an encoded clock starts ({@code wwwwwwwwwwww.cccc.device}). */
  static final int HLC_DEVICE_OFFSET = 18;

  /** The largest change sequence in the table, 0 when empty (one index entry read). */
  static D1Statement head() {
    return D1Statement.of("SELECT COALESCE(MAX(change_seq), 0) AS head FROM memory_graph");
  }

  /**
   * Whole rows by change sequence (the thin rows of a page); at most 100 sequences. A join of the
   * wanted sequences (a {@code VALUES} list) with the table: D1 bills it one row read per row
   * found, where {@code change_seq IN (...)} is billed two, and D1 refuses a {@code UNION ALL} of
   * more than five lookups ("too many terms in compound SELECT").
   */
  static D1Statement rowsBySequence(List<Long> sequences) {
    StringBuilder sql = new StringBuilder("SELECT ");
    String[] columns = COLUMNS.split(", ");
    for (int i = 0; i < columns.length; i++) {
      sql.append(i == 0 ? "m." : ", m.").append(columns[i]);
    }
    sql.append(" FROM (VALUES ");
    for (int i = 0; i < sequences.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(CAST(? AS INTEGER))");
    }
    sql.append(") AS wanted CROSS JOIN memory_graph AS m ON m.change_seq = wanted.column1");
    return new D1Statement(sql.toString(), new ArrayList<>(sequences));
  }

  /** Every row of one drift bucket ({@code RowDigest.BUCKET_SQL}), in key order. */
  static D1Statement bucketRows(int bucket) {
    return new D1Statement(
        "SELECT "
            + COLUMNS
            + " FROM memory_graph WHERE "
            + io.hybridgraph.domain.replica.RowDigest.BUCKET_SQL
            + " = CAST(? AS INTEGER) ORDER BY source_hash, target_hash",
        List.of(bucket));
  }

  /**
   * A page of the whole table by key after {@code (source, target)}, with thin rows as pulls. The
   * key columns are named with their table: a page's result columns of the same names are NULL for
   * a thin row, and SQLite would sort by those.
   */
  static D1Statement scanPage(String afterSource, String afterTarget, int limit, int inlineBytes) {
    String select = "SELECT " + pageColumns(inlineBytes) + " FROM memory_graph";
    String order =
        " ORDER BY memory_graph.source_hash, memory_graph.target_hash LIMIT " + (limit + 1);
    if (afterSource == null) {
      return new D1Statement(select + order, List.of());
    }
    return new D1Statement(
        select
            + " WHERE memory_graph.source_hash > ?1 OR (memory_graph.source_hash = ?1"
            + " AND memory_graph.target_hash > ?2)"
            + order,
        List.of(afterSource, afterTarget));
  }
}
