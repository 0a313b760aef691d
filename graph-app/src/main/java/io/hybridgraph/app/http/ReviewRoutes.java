package io.hybridgraph.app.http;

import io.hybridgraph.app.view.ReviewViews;
import io.hybridgraph.domain.port.in.ReviewHeldDeletionsUseCase;
import io.hybridgraph.domain.port.in.ReviewLocalRowsUseCase;
import io.hybridgraph.domain.port.out.HeldDeletions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a person reviews on this device: deletions held by the mass-deletion guard (release or
 * discard them), rows set aside because they could not be read (remove them), rows the view holds
 * back from the replicated state (with why).
 */
final class ReviewRoutes {

  /** Rows of a held deletion batch shown in the listing. */
  static final int ROWS_SHOWN = 20;

  private final ReviewHeldDeletionsUseCase deletions;
  private final ReviewLocalRowsUseCase rows;

  ReviewRoutes(ReviewHeldDeletionsUseCase deletions, ReviewLocalRowsUseCase rows) {
    this.deletions = deletions;
    this.rows = rows;
  }

  void register(Javalin app) {
    app.get("/api/sync/graph/deletions", this::heldDeletions);
    app.post("/api/sync/graph/deletions/{batch}/release", this::release);
    app.post("/api/sync/graph/deletions/{batch}/discard", this::discard);
    app.get("/api/graph/set-aside", this::setAside);
    app.delete("/api/graph/set-aside/{id}", this::removeSetAside);
    app.get("/api/graph/held", this::heldBack);
  }

  private void heldDeletions(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    List<HeldDeletions.Batch> batches = deletions.heldDeletions();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("batches", batches.size());
    body.put("rows", batches.stream().mapToLong(HeldDeletions.Batch::rows).sum());
    body.put(
        "held",
        batches.stream()
            .map(b -> ReviewViews.heldDeletion(b, deletions.heldRows(b.id(), ROWS_SHOWN)))
            .toList());
    ctx.json(body);
  }

  private void release(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    long batch = id(ctx, "batch");
    int released = deletions.releaseDeletions(batch);
    if (released == 0) {
      throw ApiException.notFound("batch", "no held deletion batch " + batch);
    }
    ctx.json(Map.of("batch", batch, "released_rows", released));
  }

  private void discard(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    long batch = id(ctx, "batch");
    int restored = deletions.discardDeletions(batch);
    if (restored == 0) {
      throw ApiException.notFound("batch", "no held deletion batch " + batch);
    }
    ctx.json(Map.of("batch", batch, "restored_rows", restored));
  }

  private void setAside(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of("limit"));
    int limit = RequestParser.intParameter(ctx, "limit", 100);
    if (limit < 1 || limit > 10_000) {
      throw ApiException.badRequest("limit", "limit must be within [1, 10000], was " + limit);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("count", rows.setAsideCount());
    body.put("rows", rows.setAsideRows(limit).stream().map(ReviewViews::setAside).toList());
    ctx.json(body);
  }

  private void removeSetAside(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    long id = id(ctx, "id");
    if (!rows.removeSetAside(id)) {
      throw ApiException.notFound("id", "no set-aside row " + id);
    }
    ctx.json(Map.of("id", id, "removed", true));
  }

  private void heldBack(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of("limit"));
    int limit = RequestParser.intParameter(ctx, "limit", 100);
    if (limit < 1 || limit > 10_000) {
      throw ApiException.badRequest("limit", "limit must be within [1, 10000], was " + limit);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("counts", ReviewViews.heldBackCounts(rows.heldBackCounts()));
    body.put("rows", rows.heldBackRows(limit).stream().map(ReviewViews::heldBack).toList());
    ctx.json(body);
  }

  private static long id(Context ctx, String name) {
    String raw = ctx.pathParam(name);
    if (!raw.matches("[0-9]{1,18}")) {
      throw ApiException.badRequest(name, name + " must be a whole number, was '" + raw + "'");
    }
    return Long.parseLong(raw);
  }
}
