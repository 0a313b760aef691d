package io.hybridgraph.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.app.GraphUseCases;
import io.hybridgraph.app.config.HttpSettings;
import io.hybridgraph.app.view.Views;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.sync.port.in.SyncControl;
import io.hybridgraph.sync.port.in.SyncDisabledException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseHandler;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on Javalin: associations and graph queries, sync control, the server-sent event
 * stream, {@code /health} and Prometheus {@code /metrics}. When a token is configured every request
 * needs {@code Authorization: Bearer <token>}, except the dashboard's page and assets, which hold
 * no data; the event stream also takes it as the query parameter {@code token}, because a browser's
 * {@code EventSource} cannot send headers. An address other machines can reach is refused without a
 * token. Errors are {@code {"error": {"field", "message"}}}; nothing is stored on a 4xx. A sync
 * operation while sync is off is a 409; a failure of the cloud a 502; any other failure (a local
 * disk that fails, say) a 500 with a generic message, the details going to the log only. {@code
 * /health} is 200 {@code "ok"}, or 200 {@code "degraded"} with the reason while sync rounds fail or
 * sync is held (the local graph is still served), and 503 only when the local database cannot be
 * read.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #stop()} (idempotent).
 */
public final class ApiServer {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  /** How long a client may take to send a request body once it started the request. */
  public static final Duration BODY_DEADLINE = Duration.ofSeconds(10);

  /** Event streams open at once; more are answered 503. */
  public static final int MAX_EVENT_STREAMS = 32;

  private final HttpSettings settings;
  private final SyncControl sync;
  private final ObjectMapper mapper;
  private final PrometheusMeterRegistry registry;
  private final GraphRoutes graphRoutes;
  private final SyncRoutes syncRoutes;
  private final LocalRowsReport local;
  private final ReviewRoutes reviewRoutes;
  private final EventStream events;
  private final SyncMetrics metrics;
  private final Dashboard dashboard = new Dashboard();
  private Javalin javalin;
  private AutoCloseable metricsSubscription;
  private boolean stopped;

  ApiServer(
      HttpSettings settings,
      GraphUseCases graph,
      SyncControl sync,
      ObjectMapper mapper,
      PrometheusMeterRegistry registry) {
    this.settings = settings;
    this.sync = sync;
    this.mapper = mapper;
    this.registry = registry;
    RequestParser parser = new RequestParser(mapper, settings.maxBodyBytes(), Clock.systemUTC());
    this.graphRoutes = new GraphRoutes(graph, parser);
    this.local = new LocalRowsReport(graph, Clock.systemUTC());
    this.syncRoutes = new SyncRoutes(sync, local);
    this.reviewRoutes = new ReviewRoutes(graph.heldDeletions(), graph.localRows());
    this.events =
        new EventStream(
            sync,
            local,
            mapper,
            settings.statusEventInterval(),
            MAX_EVENT_STREAMS,
            Clock.systemUTC());
    this.metrics = new SyncMetrics(sync, local, registry, Clock.systemUTC());
  }

  /**
   * Starts listening.
   *
   * @throws IllegalStateException when the address is reachable from other machines and no token is
   *     configured, or the port cannot be bound
   */
  public synchronized void start() {
    if (javalin != null || stopped) {
      throw new IllegalStateException("the HTTP server was started already");
    }
    settings.requireSafeBinding();
    RequestGuards guards = new RequestGuards(settings, settings.loopback());
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.startupWatcherEnabled = false;
              config.http.maxRequestSize = settings.maxBodyBytes();
              config.jsonMapper(new JavalinJackson(mapper, false));
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              config.jetty.modifyServletContextHandler(
                  handler -> {
                    handler.setErrorHandler(new JsonErrorHandler());
                    FilterHolder gate =
                        new FilterHolder(new RequestGate(settings.maxBodyBytes(), BODY_DEADLINE));
                    gate.setAsyncSupported(true);
                    handler.addFilter(
                        gate, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
                  });
            });
    routes(app, guards);
    metricsSubscription = sync.subscribe(metrics);
    events.start();
    try {
      app.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      stop();
      throw new IllegalStateException(
          "cannot listen on "
              + settings.host()
              + ":"
              + settings.port()
              + " ("
              + HttpSettings.HOST
              + ", "
              + HttpSettings.PORT
              + "): "
              + e.getMessage(),
          e);
    }
    javalin = app;
    log.info("HTTP API listening on http://{}:{}", settings.host(), port());
  }

  /** The port listened on (useful when configured as 0). */
  public int port() {
    return javalin.port();
  }

  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    events.close();
    if (metricsSubscription != null) {
      try {
        metricsSubscription.close();
      } catch (Exception e) {
        log.debug("Unsubscribing metrics failed", e);
      }
    }
    if (javalin != null) {
      javalin.stop();
    }
  }

  private void routes(Javalin app, RequestGuards guards) {
    app.before(guards::checkHost);
    app.before(guards::checkOrigin);
    app.before(guards::authenticate);

    dashboard.routes(app);
    app.get("/health", this::health);
    app.get("/metrics", this::metrics);
    graphRoutes.register(app);
    syncRoutes.register(app);
    reviewRoutes.register(app);
    SseHandler sse = new SseHandler(events::accept);
    app.get(
        "/api/events",
        ctx -> {
          // Javalin answers anything else with an empty 200; say what is needed instead.
          if (!"text/event-stream".equals(ctx.header("Accept"))) {
            throw new ApiException(
                406, "Accept", "the event stream needs the header Accept: text/event-stream");
          }
          if (!events.reserve()) {
            throw new ApiException(
                503,
                "events",
                "too many event streams are open ("
                    + events.maxClients()
                    + "); close one or try again later");
          }
          try {
            sse.handle(ctx);
          } catch (RuntimeException e) {
            events.release();
            throw e;
          }
        });

    app.exception(
        ApiException.class, (e, ctx) -> error(ctx, e.status(), e.field(), e.getMessage()));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> error(ctx, e.getStatus(), "path", describe(e, ctx)));
    app.exception(
        IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, "request", e.getMessage()));
    app.exception(SyncDisabledException.class, (e, ctx) -> error(ctx, 409, "sync", e.getMessage()));
    app.exception(
        RemoteGraphException.class,
        (e, ctx) -> {
          log.warn("A cloud request failed: {}", e.getMessage());
          error(ctx, 502, "cloud", "the cloud database failed: " + e.getMessage());
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("Request {} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, 500, "server", "internal error; see the server log");
        });
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            error(ctx, 404, "path", "no endpoint " + ctx.method() + " " + ctx.path());
          }
        });
  }

  private static String describe(HttpResponseException e, Context ctx) {
    return switch (e.getStatus()) {
      case 404 -> "no endpoint " + ctx.method() + " " + ctx.path();
      case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
      case 413 -> "the request body is too large";
      default -> e.getMessage();
    };
  }

  private static void error(Context ctx, int status, String field, String message) {
    ctx.status(status).json(Views.error(field, message));
  }

  // --- health and metrics ----------------------------------------------------------------------

  private void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    try {
      var status = sync.status();
      LocalRowsReport.Counts counts = local.counts();
      List<String> reasons = new java.util.ArrayList<>();
      status.degradedReason().ifPresent(reasons::add);
      counts.attention().ifPresent(reasons::add);
      Optional<String> degraded =
          reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
      // Degraded is still 200: the local graph is served; only an unreadable database is 503.
      body.put("status", degraded.isPresent() ? "degraded" : "ok");
      body.put("database", "ok");
      body.put("sync_enabled", status.enabled());
      body.put("sync_state", status.state());
      body.put("queue_depth", status.pending());
      body.put("parked", status.parked());
      body.put("consecutive_failures", status.consecutiveFailures());
      body.put("held_deletions", counts.heldDeletionAssociations());
      body.put("set_aside_rows", counts.setAsideRows());
      body.put("reason", degraded.orElse(null));
      ctx.json(body);
    } catch (RuntimeException e) {
      log.warn("Health check failed: {}", e.toString());
      body.put("status", "failing");
      body.put("database", "cannot read the local database");
      ctx.status(503).json(body);
    }
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }
}
