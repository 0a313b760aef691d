package io.hybridgraph.app.http;

import io.hybridgraph.app.GraphUseCases;
import io.hybridgraph.app.view.ReviewViews;
import io.hybridgraph.domain.port.out.HeldDeletions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this device keeps out of sync and out of its graph, for the status, {@code /health}, the
 * metrics and the event stream: deletions the mass-deletion guard holds (they wait for a person),
 * rows held back from the view (they come back by themselves), rows set aside because they could
 * not be read. Read at most once a second however often it is asked. Thread-safe.
 */
final class LocalRowsReport {

  private static final long TTL_MILLIS = 1_000;

  /** The counts, as read. */
  record Counts(
      long heldDeletionBatches,
      long heldDeletionAssociations,
      long heldDeletionRows,
      Map<String, Long> heldBackByReason,
      long setAsideRows) {

    long heldBackRows() {
      return heldBackByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What a person should act on, if anything: held deletions and set-aside rows. */
    Optional<String> attention() {
      List<String> reasons = new ArrayList<>();
      if (heldDeletionBatches > 0) {
        reasons.add(
            heldDeletionAssociations
                + " deletions by another program are held by the mass-deletion guard: release"
                + " or discard them ('sync deletions', /api/sync/graph/deletions)");
      }
      if (setAsideRows > 0) {
        reasons.add(
            setAsideRows
                + " rows could not be read and are set aside ('set-aside', /api/graph/set-aside)");
      }
      return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    Map<String, Object> view() {
      Map<String, Object> out = new LinkedHashMap<>();
      Map<String, Object> held = new LinkedHashMap<>();
      held.put("batches", heldDeletionBatches);
      held.put("associations", heldDeletionAssociations);
      held.put("rows", heldDeletionRows);
      out.put("held_deletions", held);
      out.put("held_back_rows", heldBackRows());
      out.put("held_back_by_reason", heldBackByReason);
      out.put("set_aside_rows", setAsideRows);
      return out;
    }
  }

  private final GraphUseCases graph;
  private final Clock clock;
  private Counts cached;
  private long cachedAt;

  LocalRowsReport(GraphUseCases graph, Clock clock) {
    this.graph = graph;
    this.clock = clock;
  }

  synchronized Counts counts() {
    long now = clock.millis();
    if (cached == null || now - cachedAt >= TTL_MILLIS) {
      List<HeldDeletions.Batch> batches = graph.heldDeletions().heldDeletions();
      cached =
          new Counts(
              batches.size(),
              batches.stream().mapToLong(HeldDeletions.Batch::associations).sum(),
              batches.stream().mapToLong(HeldDeletions.Batch::rows).sum(),
              ReviewViews.heldBackCounts(graph.localRows().heldBackCounts()),
              graph.localRows().setAsideCount());
      cachedAt = now;
    }
    return cached;
  }
}
