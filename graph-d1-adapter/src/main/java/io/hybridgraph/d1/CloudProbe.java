package io.hybridgraph.d1;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs every statement shape sync relies on against the configured D1, on scratch tables it creates
 * and drops afterwards, and says for each whether it works: what {@code doctor --cloud-probe}
 * shows, so a user can check a real account in seconds (the local engine cannot show how
 * Cloudflare's service splits statements or types parameters).
 *
 * <p>The statements are the production ones ({@link GraphSql}, {@link GuardTrigger}) with the table
 * names swapped for the scratch ones: {@code memory_graph}'s layout without rowid and its indexes,
 * a batch with parameters of each JSON type, the upsert with its merge rule, the counter bump, a
 * page shaped like the pull with a thin row fetched by sequence, and the guard trigger with its
 * {@code CASE}, created in one batch entry and fired. About ten requests. Messages are redacted.
 */
final class CloudProbe {

  static final String PREFIX = "hgs_probe_";

  static final String SCRATCH = "scratch tables in memory_graph's layout (without rowid, indexes)";
  static final String JSON_TYPES =
      "a batch with parameters of each JSON type (string, integer, real, boolean, null)";
  static final String MERGE_RULE =
      "the upsert with its merge rule (a newer version replaces a row, an older one does not)";
  static final String COUNTER = "the change counter bump and the sequences upserts take from it";
  static final String PULL =
      "a query shaped like the pull (ORDER BY change_seq LIMIT, a big row thin, fetched by"
          + " sequence)";
  static final String TRIGGER =
      "a trigger with CASE in one batch entry (the guard trigger), created and fired";
  static final String DROP = "dropping the scratch tables";

  private static final DeviceId PROBE = new DeviceId("probe");
  private static final long T0 = 1_800_000_000_000L;

  private final D1Database db;
  private final Redactor redactor;
  private final RowCodec codec;
  private final String table;
  private final String counter;

  /**
   * @param suffix makes the scratch tables' names unique: letters and digits
   */
  CloudProbe(D1Database db, Redactor redactor, RowCodec codec, String suffix) {
    if (!suffix.matches("[a-z0-9]{1,16}")) {
      throw new IllegalArgumentException("suffix must be 1 to 16 lower-case letters or digits");
    }
    this.db = db;
    this.redactor = redactor;
    this.codec = codec;
    this.table = PREFIX + suffix;
    this.counter = table + "_counter";
  }

  /** One result per shape, the scratch tables' creation first and their removal last. */
  List<D1ProbeResult> run() {
    List<D1ProbeResult> out = new ArrayList<>();
    D1ProbeResult setup = attempt(SCRATCH, this::createScratch);
    out.add(setup);
    List<Map.Entry<String, Runnable>> shapes =
        List.of(
            Map.entry(JSON_TYPES, this::jsonTypes),
            Map.entry(MERGE_RULE, this::mergeRule),
            Map.entry(COUNTER, this::counterBump),
            Map.entry(PULL, this::pullShape),
            Map.entry(TRIGGER, this::trigger));
    for (Map.Entry<String, Runnable> shape : shapes) {
      out.add(
          setup.passed()
              ? attempt(shape.getKey(), shape.getValue())
              : D1ProbeResult.fail(
                  shape.getKey(), "not run: the scratch tables could not be created"));
    }
    out.add(attempt(DROP, this::dropScratch));
    return out;
  }

  private D1ProbeResult attempt(String shape, Runnable check) {
    try {
      check.run();
      return D1ProbeResult.pass(shape);
    } catch (RemoteGraphException | ProbeMismatch e) {
      return D1ProbeResult.fail(shape, redactor.redact(e.getMessage()));
    } catch (RuntimeException e) {
      return D1ProbeResult.fail(
          shape, redactor.redact(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  /** D1 ran a statement but answered something else than sync needs. */
  private static final class ProbeMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProbeMismatch(String message) {
      super(message);
    }
  }

  private static void expect(boolean ok, String what, Object got) {
    if (!ok) {
      throw new ProbeMismatch("expected " + what + ", got " + got);
    }
  }

  // --- shapes -----------------------------------------------------------------------------------

  private void createScratch() {
    List<D1Statement> statements = new ArrayList<>();
    statements.add(D1Statement.of(scratch(GraphSql.CREATE_TABLE_WITHOUT_ROWID)));
    GraphSql.CREATE_INDEXES_WITHOUT_ROWID.forEach(s -> statements.add(D1Statement.of(scratch(s))));
    statements.add(
        D1Statement.of(
            "CREATE TABLE " + counter + " (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"));
    statements.add(
        D1Statement.of(
            "INSERT INTO " + counter + " (name, value) VALUES (?, 0)", GraphSql.COUNTER_NAME));
    db.batch(statements);
  }

  private void jsonTypes() {
    List<D1Result> results =
        db.batch(
            List.of(
                D1Statement.of(
                    "INSERT INTO "
                        + table
                        + " ("
                        + GraphSql.COLUMNS
                        + ") VALUES (?, ?, ?, '[]', ?, ?, 'causes', CAST(? AS INTEGER), ?,"
                        + " CAST(? AS INTEGER), CAST(? AS INTEGER))",
                    "probe-a",
                    "probe-b",
                    0.5,
                    null,
                    1_700_000_000.25,
                    1,
                    new Hlc(T0, 0, PROBE).encode(),
                    false,
                    1_000_000),
                D1Statement.of(
                    "SELECT CAST(? AS INTEGER) + 1 AS i, CAST(? AS REAL) * 2 AS r, ? AS s,"
                        + " ? IS NULL AS z, CAST(? AS INTEGER) AS b, similarity, deleted,"
                        + " created_at FROM "
                        + table
                        + " WHERE change_seq = CAST(? AS INTEGER)",
                    41,
                    0.25,
                    "text",
                    null,
                    true,
                    1_000_000)));
    expect(
        results.get(0).meta().changes() == 1, "the insert to change 1 row", results.get(0).meta());
    expect(results.get(1).rows().size() == 1, "1 row", results.get(1).rows());
    Map<String, Object> row = results.get(1).rows().get(0);
    expect(number(row.get("i")) == 42, "CAST(41) + 1 = 42", row.get("i"));
    expect(number(row.get("r")) == 0.5, "CAST(0.25) * 2 = 0.5", row.get("r"));
    expect("text".equals(row.get("s")), "the string back", row.get("s"));
    expect(number(row.get("z")) == 1, "null to stay NULL", row.get("z"));
    expect(number(row.get("b")) == 1, "true as 1", row.get("b"));
    expect(number(row.get("similarity")) == 0.5, "similarity 0.5", row.get("similarity"));
    expect(number(row.get("deleted")) == 0, "false as 0", row.get("deleted"));
    expect(
        number(row.get("created_at")) == 1_700_000_000.25,
        "created_at 1700000000.25",
        row.get("created_at"));
  }

  private void mergeRule() {
    ReplicatedRow current = row("merge-s", "merge-t", RelationshipType.CAUSES, 0.5, T0 + 10);
    push(current);
    long older = push(row("merge-s", "merge-t", RelationshipType.FIXES, 0.1, T0 + 5));
    expect(older == 0, "an older version to change nothing", older + " rows changed");
    ReplicatedRow newer = row("merge-s", "merge-t", RelationshipType.FIXES, 0.9, T0 + 20);
    long replaced = push(newer);
    expect(replaced == 1, "a newer version to replace the row", replaced + " rows changed");
    Object hlc = one("SELECT hlc FROM " + table + " WHERE source_hash = 'merge-s'").get("hlc");
    expect(newer.version().clock().encode().equals(hlc), "the newer clock", hlc);
  }

  private void counterBump() {
    long before = counterValue();
    List<EncodedRow> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(codec.encode(row("count-" + i, "t", RelationshipType.SUPPORTS, 0.3, T0 + i)));
    }
    db.batch(
        List.of(
            scratch(GraphSql.upsert(rows, 0, rows.size(), 1)),
            scratch(GraphSql.bumpCounter(rows.size()))));
    long after = counterValue();
    expect(after == before + 3, "the counter at " + (before + 3), after);
    List<Map<String, Object>> sequences =
        db.query(
                D1Statement.of(
                    "SELECT change_seq FROM "
                        + table
                        + " WHERE source_hash LIKE 'count-%' ORDER BY change_seq"))
            .rows();
    List<Long> got =
        sequences.stream().map(r -> number(r.get("change_seq"))).map(Math::round).toList();
    expect(
        got.equals(List.of(before + 1, before + 2, before + 3)),
        "sequences " + (before + 1) + " to " + (before + 3),
        got);
  }

  private void pullShape() {
    ReplicatedRow big =
        ReplicatedRow.present(
            new Association(
                MemoryHash.of("pull-big"),
                MemoryHash.of("t"),
                RelationshipType.CAUSES,
                Similarity.of(0.2),
                ConnectionTypes.of("semantic"),
                Metadata.of(Map.of("note", "n".repeat(4_000))),
                1.0),
            new Version(1, new Hlc(T0 + 50, 0, PROBE)));
    push(big);
    int limit = 5_000;
    int inline = PageReader.inlineBytes(limit);
    List<Map<String, Object>> page = db.query(scratch(GraphSql.pullPage(0, limit, inline))).rows();
    expect(!page.isEmpty(), "rows", "none");
    long previous = Long.MIN_VALUE;
    Map<String, Object> thin = null;
    for (Map<String, Object> columns : page) {
      long sequence = Math.round(number(columns.get("change_seq")));
      expect(
          sequence > previous, "rows by change_seq", "sequence " + sequence + " after " + previous);
      previous = sequence;
      if (number(columns.get("row_bytes")) > inline) {
        thin = columns;
      }
    }
    expect(thin != null && thin.get("metadata") == null, "the big row thin", thin);
    long sequence = Math.round(number(thin.get("change_seq")));
    List<Map<String, Object>> whole =
        db.query(scratch(GraphSql.rowsBySequence(List.of(sequence)))).rows();
    expect(whole.size() == 1, "the thin row fetched by sequence", whole.size() + " rows");
    RowCodec.Decoded decoded = codec.decode(whole.get(0));
    expect(
        decoded.row().equals(java.util.Optional.of(big)), "the big row whole", decoded.problem());
  }

  private void trigger() {
    db.batch(List.of(D1Statement.of(scratch(GuardTrigger.mirroringByKey()))));
    push(row("trig-a", "trig-b", RelationshipType.RELATED, 0.4, T0 + 30));
    db.query(
        D1Statement.of(
            "UPDATE "
                + table
                + " SET similarity = 0.6 WHERE source_hash = 'trig-a' AND target_hash = 'trig-b'"));
    List<Map<String, Object>> pair =
        db.query(
                D1Statement.of(
                    "SELECT source_hash, hlc, similarity FROM "
                        + table
                        + " WHERE source_hash IN ('trig-a', 'trig-b') ORDER BY source_hash"))
            .rows();
    expect(pair.size() == 2, "the edited row and its mirror", pair);
    for (Map<String, Object> row : pair) {
      expect(
          String.valueOf(row.get("hlc")).endsWith("." + GuardTrigger.GUARD_DEVICE)
              && number(row.get("similarity")) == 0.6,
          "both restamped by the guard with similarity 0.6",
          pair);
    }
  }

  private void dropScratch() {
    db.batch(
        List.of(
            D1Statement.of("DROP TABLE IF EXISTS " + table),
            D1Statement.of("DROP TABLE IF EXISTS " + counter)));
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** Upserts one row with its counter bump, as a push does; the rows the merge rule changed. */
  private long push(ReplicatedRow row) {
    List<EncodedRow> rows = List.of(codec.encode(row));
    return db.batch(
            List.of(scratch(GraphSql.upsert(rows, 0, 1, 1)), scratch(GraphSql.bumpCounter(1))))
        .get(0)
        .meta()
        .changes();
  }

  private long counterValue() {
    return Math.round(
        number(
            one("SELECT value FROM " + counter + " WHERE name = '" + GraphSql.COUNTER_NAME + "'")
                .get("value")));
  }

  private Map<String, Object> one(String sql) {
    List<Map<String, Object>> rows = db.query(D1Statement.of(sql)).rows();
    expect(rows.size() == 1, "1 row from " + sql, rows.size() + " rows");
    return rows.get(0);
  }

  private D1Statement scratch(D1Statement statement) {
    return new D1Statement(scratch(statement.sql()), statement.params());
  }

  private String scratch(String sql) {
    return sql.replace("sync_counter", counter).replace(GraphSql.TABLE, table);
  }

  private static ReplicatedRow row(
      String source, String target, RelationshipType type, double similarity, long wall) {
    return ReplicatedRow.present(
        new Association(
            MemoryHash.of(source),
            MemoryHash.of(target),
            type,
            Similarity.of(similarity),
            ConnectionTypes.of("semantic"),
            Metadata.empty(),
            1.0),
        new Version(1, new Hlc(wall, 0, PROBE)));
  }

  private static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new ProbeMismatch("expected a number, got '" + s + "'");
      }
    }
    throw new ProbeMismatch("expected a number, got " + Objects.toString(value));
  }
}
