package io.hybridgraph.app.view;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.in.ReviewLocalRowsUseCase;
import io.hybridgraph.domain.port.out.HeldDeletions;
import io.hybridgraph.domain.port.out.SetAsideRows;
import io.hybridgraph.domain.port.out.ViewHolds;
import io.hybridgraph.domain.replica.HoldReason;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON shapes of what a person reviews on a device: held deletions, set-aside rows, held-back rows.
 * Shared by the HTTP API and the command line.
 */
public final class ReviewViews {

  private ReviewViews() {}

  /** A held deletion batch, with the first of its rows. */
  public static Map<String, Object> heldDeletion(HeldDeletions.Batch batch, List<RowKey> rows) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("batch", batch.id());
    out.put("held_at", Instant.ofEpochMilli(batch.heldAtMillis()).toString());
    out.put("associations", batch.associations());
    out.put("graph_associations", batch.graphAssociations());
    out.put("rows", batch.rows());
    out.put(
        "first_rows",
        rows.stream().map(k -> List.of(k.source().value(), k.target().value())).toList());
    out.put("release", "POST /api/sync/graph/deletions/" + batch.id() + "/release");
    out.put("discard", "POST /api/sync/graph/deletions/" + batch.id() + "/discard");
    out.put("release_command", "sync deletions release " + batch.id());
    out.put("discard_command", "sync deletions discard " + batch.id());
    return out;
  }

  public static Map<String, Object> setAside(SetAsideRows.Entry entry) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", entry.id());
    out.put("origin", entry.origin().name().toLowerCase(java.util.Locale.ROOT));
    out.put("source", entry.source());
    out.put("target", entry.target());
    out.put("reason", entry.reason());
    out.put("set_aside_at", Instant.ofEpochMilli(entry.setAsideAtMillis()).toString());
    out.put("content", entry.content().orElse(null));
    return out;
  }

  public static Map<String, Object> heldBack(ViewHolds.Held held) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source", held.key().source().value());
    out.put("target", held.key().target().value());
    out.put("reason", held.reason().wireName());
    out.put("awaiting", held.awaiting().map(m -> m.value()).orElse(null));
    out.put("held_at", Instant.ofEpochMilli(held.heldAtMillis()).toString());
    return out;
  }

  /**
   * Adds to a statistics answer what this device keeps out of its graph: rows set aside because
   * they could not be read, and rows held back from the replicated state, per reason.
   */
  public static Map<String, Object> withLocalRows(
      Map<String, Object> statistics, ReviewLocalRowsUseCase rows) {
    Map<String, Long> held = heldBackCounts(rows.heldBackCounts());
    statistics.put("set_aside_rows", rows.setAsideCount());
    statistics.put("held_back_rows", held.values().stream().mapToLong(Long::longValue).sum());
    statistics.put("held_back_by_reason", held);
    return statistics;
  }

  /** Counts per hold reason, by wire name, every reason present (0 when none). */
  public static Map<String, Long> heldBackCounts(Map<HoldReason, Long> counts) {
    Map<String, Long> out = new TreeMap<>();
    for (HoldReason reason : HoldReason.values()) {
      out.put(reason.wireName(), counts.getOrDefault(reason, 0L));
    }
    return out;
  }
}
