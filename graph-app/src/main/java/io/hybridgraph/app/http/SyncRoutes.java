package io.hybridgraph.app.http;

import io.hybridgraph.app.view.Views;
import io.hybridgraph.sync.port.in.InitialSyncResult;
import io.hybridgraph.sync.port.in.SyncControl;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync endpoints: start the initial sync, force a push, read the status, check drift. While
 * sync is off, the operations fail with {@code SyncDisabledException}, which the server answers
 * with 409.
 */
final class SyncRoutes {

  private static final Logger log = LoggerFactory.getLogger(SyncRoutes.class);

  private final SyncControl sync;
  private final LocalRowsReport local;

  SyncRoutes(SyncControl sync, LocalRowsReport local) {
    this.sync = sync;
    this.local = local;
  }

  void register(Javalin app) {
    app.post("/api/sync/graph/initial", this::initialSync);
    app.post("/api/sync/graph/force", this::forceSync);
    app.get("/api/sync/graph/status", this::syncStatus);
    app.post("/api/sync/graph/drift", this::drift);
  }

  private void initialSync(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    CompletableFuture<InitialSyncResult> run = sync.startInitialSync();
    run.whenComplete(
        (result, failure) -> {
          if (failure != null) {
            log.warn("The initial graph sync failed: {}", failure.toString());
          } else {
            log.info("The initial graph sync finished: {}", result);
          }
        });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "started");
    body.put("progress", "/api/events");
    ctx.status(202).json(body);
  }

  private void forceSync(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    ctx.json(Views.pushReport(sync.forceGraphSync()));
  }

  private void syncStatus(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    Map<String, Object> status = Views.status(sync.status());
    status.putAll(local.counts().view());
    ctx.json(status);
  }

  private void drift(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of("repair"));
    boolean repair = RequestParser.boolParameter(ctx, "repair", false);
    ctx.json(Views.driftReport(sync.checkDrift(repair)));
  }
}
