package io.hybridgraph.d1;

import io.hybridgraph.domain.model.RelationshipType;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The DDL of {@code memory_graph_guard}, the trigger that turns an UPDATE of {@code memory_graph}
 * made outside the adapter (a console, a script) into a new version: the edited row gets a newer
 * clock (device {@value #GUARD_DEVICE}) and the next change sequence, and (from remote schema 5) an
 * edit of a symmetric relationship is written to its mirror row too.
 *
 * <p>Each form is one statement, to be sent as one batch entry of its own, and every {@code CASE
 * ... END} inside it is in parentheses: the form known to survive Cloudflare's statement splitter,
 * which has failed on multi-statement trigger bodies and on a bare {@code CASE} ("incomplete
 * input").
 */
final class GuardTrigger {

  /** The device part of the clock the guard gives an edit made outside the adapter. */
  static final String GUARD_DEVICE = "d1-guard";

  /** Fires on an UPDATE that changed a row's content but neither its clock nor its sequence. */
  private static final String HEADER =
      "CREATE TRIGGER memory_graph_guard AFTER UPDATE ON memory_graph"
          + " WHEN NEW.change_seq = OLD.change_seq AND NEW.hlc = OLD.hlc AND ("
          + " NEW.similarity IS NOT OLD.similarity"
          + " OR NEW.connection_types IS NOT OLD.connection_types"
          + " OR NEW.metadata IS NOT OLD.metadata"
          + " OR NEW.created_at IS NOT OLD.created_at"
          + " OR NEW.relationship_type IS NOT OLD.relationship_type"
          + " OR NEW.causal_length IS NOT OLD.causal_length"
          + " OR NEW.deleted IS NOT OLD.deleted)"
          + " BEGIN";

  private static final String NEXT_SEQUENCE =
      " UPDATE sync_counter SET value = value + 1 WHERE name = '" + GraphSql.COUNTER_NAME + "'";

  private static final String CURRENT_SEQUENCE =
      "(SELECT value FROM sync_counter WHERE name = '" + GraphSql.COUNTER_NAME + "')";

  /** A symmetric relationship between two different memories. */
  private static final String SYMMETRIC =
      "NEW.relationship_type IN ("
          + Arrays.stream(RelationshipType.values())
              .filter(RelationshipType::isSymmetric)
              .map(t -> "'" + t.wireName() + "'")
              .collect(Collectors.joining(", "))
          + ") AND NEW.source_hash <> NEW.target_hash";

  /** The edited row, in a table with a rowid (remote schema 3 to 5). */
  private static final String BY_ROWID = "rowid = NEW.rowid";

  /** The edited row by its key, in the table without rowid (remote schema 6). */
  private static final String BY_KEY =
      "source_hash = NEW.source_hash AND target_hash = NEW.target_hash";

  private GuardTrigger() {}

  /** Remote schema 3: restamps the edited row only. */
  static String restamping() {
    return HEADER.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS")
        + NEXT_SEQUENCE
        + ";"
        + restamp(BY_ROWID)
        + " END";
  }

  /**
   * Remote schema 5: also writes an edit of a symmetric relationship to the mirror row (created
   * when missing) with the same clock and the next sequence, unless the mirror holds a later causal
   * length (a newer deletion or re-creation, which wins anyway).
   */
  static String mirroring() {
    return mirroring(BY_ROWID);
  }

  /** Remote schema 6: {@link #mirroring()} on the table without rowid, finding rows by key. */
  static String mirroringByKey() {
    return mirroring(BY_KEY);
  }

  private static String mirroring(String editedRow) {
    String mirror =
        " INSERT INTO memory_graph ("
            + GraphSql.COLUMNS
            + ") SELECT NEW.target_hash, NEW.source_hash, NEW.similarity, NEW.connection_types,"
            + " NEW.metadata, NEW.created_at, NEW.relationship_type, NEW.causal_length,"
            + " edited.hlc, NEW.deleted, "
            + CURRENT_SEQUENCE
            + " FROM memory_graph AS edited WHERE edited."
            + editedRow.replace(" AND ", " AND edited.")
            + " AND "
            + SYMMETRIC
            + " ON CONFLICT (source_hash, target_hash) DO UPDATE SET"
            + " similarity = excluded.similarity, connection_types = excluded.connection_types,"
            + " metadata = excluded.metadata, created_at = excluded.created_at,"
            + " relationship_type = excluded.relationship_type,"
            + " causal_length = excluded.causal_length, hlc = excluded.hlc,"
            + " deleted = excluded.deleted, change_seq = excluded.change_seq"
            + " WHERE memory_graph.causal_length <= excluded.causal_length;";
    return HEADER
        + NEXT_SEQUENCE
        + ";"
        + restamp(editedRow)
        + NEXT_SEQUENCE
        + " AND "
        + SYMMETRIC
        + ";"
        + mirror
        + " END";
  }

  private static String restamp(String editedRow) {
    return " UPDATE memory_graph SET hlc = "
        + clock()
        + ", change_seq = "
        + CURRENT_SEQUENCE
        + " WHERE "
        + editedRow
        + ";";
  }

  /** The newer clock the guard gives a row edited outside the adapter (from its OLD clock). */
  private static String clock() {
    String hex = "'0123456789abcdef'";
    String counter =
        "((instr("
            + hex
            + ", substr(OLD.hlc, 14, 1)) - 1) * 4096 + (instr("
            + hex
            + ", substr(OLD.hlc, 15, 1)) - 1) * 256 + (instr("
            + hex
            + ", substr(OLD.hlc, 16, 1)) - 1) * 16 + (instr("
            + hex
            + ", substr(OLD.hlc, 17, 1)) - 1))";
    String now =
        "printf('%012x.0000."
            + GUARD_DEVICE
            + "', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))";
    return "(CASE WHEN "
        + now
        + " > OLD.hlc THEN "
        + now
        + " ELSE substr(OLD.hlc, 1, 12) || printf('.%04x."
        + GUARD_DEVICE
        + "', MIN("
        + counter
        + " + 1, 65535)) END)";
  }
}
