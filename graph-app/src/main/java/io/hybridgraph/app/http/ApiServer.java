package io.hybridgraph.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.app.HttpSettings;
import io.hybridgraph.app.view.Views;
import io.hybridgraph.domain.graph.GraphPath;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.service.GraphService;
import io.hybridgraph.sync.HybridGraphStorage;
import io.hybridgraph.sync.InitialSync;
import io.hybridgraph.sync.SyncControl;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on Javalin: associations and graph queries, sync control, the server-sent event
 * stream, {@code /health} and Prometheus {@code /metrics}. When a token is configured every request
 * needs {@code Authorization: Bearer <token>}, except the dashboard's page and assets, which hold
 * no data; the event stream also takes it as the query parameter {@code token}, because a browser's
 * {@code EventSource} cannot send headers. An address other machines can reach is refused without a
 * token. Errors are {@code {"error": {"field", "message"}}}; nothing is stored on a 4xx.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #stop()} (idempotent).
 */
public final class ApiServer {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  /** How long a client may take to send a request body once it started the request. */
  public static final Duration BODY_DEADLINE = Duration.ofSeconds(10);

  /** Event streams open at once; more are answered 503. */
  public static final int MAX_EVENT_STREAMS = 32;

  private static final Set<String> FILTER = Set.of("direction", "types");
  private static final Set<String> CONNECTED = Set.of("max_hops", "direction", "types");
  private static final Set<String> PATH = Set.of("from", "to", "max_hops", "direction", "types");
  private static final Set<String> SUBGRAPH = Set.of("radius", "max_nodes", "direction", "types");

  private final HttpSettings settings;
  private final HybridGraphStorage graph;
  private final SyncControl sync;
  private final ObjectMapper mapper;
  private final PrometheusMeterRegistry registry;
  private final RequestParser parser;
  private final EventStream events;
  private final SyncMetrics metrics;
  private final Dashboard dashboard = new Dashboard();
  private Javalin javalin;
  private boolean loopbackOnly;
  private AutoCloseable metricsSubscription;
  private boolean stopped;

  ApiServer(
      HttpSettings settings,
      HybridGraphStorage graph,
      SyncControl sync,
      ObjectMapper mapper,
      PrometheusMeterRegistry registry) {
    this.settings = settings;
    this.graph = graph;
    this.sync = sync;
    this.mapper = mapper;
    this.registry = registry;
    this.parser = new RequestParser(mapper, settings.maxBodyBytes(), Clock.systemUTC());
    this.events =
        new EventStream(
            sync, mapper, settings.statusEventInterval(), MAX_EVENT_STREAMS, Clock.systemUTC());
    this.metrics = new SyncMetrics(sync, registry, Clock.systemUTC());
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
    loopbackOnly = settings.loopback();
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
    routes(app);
    metricsSubscription = sync.events().subscribe(metrics);
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

  private void routes(Javalin app) {
    app.before(this::checkHost);
    app.before(this::checkOrigin);
    app.before(this::authenticate);

    dashboard.routes(app);
    app.get("/health", this::health);
    app.get("/metrics", this::metrics);

    app.post("/api/graph/associations", this::storeAssociation);
    app.get("/api/graph/associations/{source}/{target}", this::getAssociation);
    app.delete("/api/graph/associations/{source}/{target}", this::deleteAssociation);
    app.get("/api/graph/memories/{hash}/associations", this::associationsOf);
    app.delete("/api/graph/memories/{hash}", this::deleteMemory);
    app.get("/api/graph/memories/{hash}/connected", this::connected);
    app.get("/api/graph/memories/{hash}/subgraph", this::subgraph);
    app.get("/api/graph/path", this::path);
    app.get("/api/graph/stats", this::stats);

    app.post("/api/sync/graph/initial", this::initialSync);
    app.post("/api/sync/graph/force", this::forceSync);
    app.get("/api/sync/graph/status", this::syncStatus);
    app.post("/api/sync/graph/drift", this::drift);
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

  // --- security --------------------------------------------------------------------------------

  /**
   * On a loopback address, answers only requests addressed to a loopback name or literal, so that a
   * web page cannot reach the API through DNS rebinding. The name is never resolved here.
   */
  private void checkHost(Context ctx) {
    if (!loopbackOnly) {
      return;
    }
    String host = ctx.header("Host");
    String name = host == null ? "" : hostName(host);
    if (!isLoopbackName(name)) {
      throw new ApiException(
          403,
          "Host",
          "this server listens on a loopback address and answers only requests addressed to"
              + " 127.0.0.1, [::1] or localhost");
    }
  }

  private static String hostName(String hostHeader) {
    if (hostHeader.startsWith("[")) {
      int end = hostHeader.indexOf(']');
      return end < 0 ? hostHeader : hostHeader.substring(1, end);
    }
    int colon = hostHeader.indexOf(':');
    return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
  }

  /**
   * Whether {@code name} is {@code localhost} or a literal loopback address ({@code 127.x.y.z} in
   * strict dotted decimal, {@code ::1}). Nothing is ever resolved: a name that merely looks like an
   * address ({@code facade.de}) could be answered by a rebinding DNS server.
   */
  static boolean isLoopbackName(String name) {
    if (name.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (name.equals("::1") || name.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] octets = name.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String octet : octets) {
      if (octet.isEmpty()
          || octet.length() > 3
          || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
          || (octet.length() > 1 && octet.charAt(0) == '0')
          || Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return octets[0].equals("127");
  }

  /**
   * Refuses writes sent by a web page of another origin (cross-site request forgery). On a loopback
   * address the origin must itself be a loopback origin, addressed as the request is; elsewhere it
   * must be the origin the request was addressed to.
   */
  private void checkOrigin(Context ctx) {
    String method = ctx.method().name();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
      return;
    }
    String origin = ctx.header("Origin");
    if (origin == null) {
      return;
    }
    String host = ctx.header("Host");
    boolean sameOrigin = host != null && origin.equalsIgnoreCase("http://" + host);
    boolean allowed =
        sameOrigin
            && (!loopbackOnly || isLoopbackName(hostName(origin.substring("http://".length()))));
    if (!allowed) {
      throw new ApiException(
          403, "Origin", "requests from another web origin may not change anything here");
    }
  }

  private void authenticate(Context ctx) {
    if (settings.apiToken().isEmpty() || Dashboard.isAsset(ctx)) {
      return;
    }
    String header = ctx.header("Authorization");
    String presented =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).strip()
            : null;
    if (header == null && isEventStream(ctx)) {
      // EventSource cannot send headers. Only this read-only stream accepts the query parameter,
      // and neither Javalin nor this class logs query strings.
      presented = ctx.queryParam("token");
    }
    if (!settings.apiToken().get().matches(presented)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"hybrid-graph-sync\"");
      throw new ApiException(
          401,
          "Authorization",
          header == null && presented == null
              ? "this server requires an API token: send Authorization: Bearer <token>"
              : "the API token is wrong");
    }
  }

  private static boolean isEventStream(Context ctx) {
    return ctx.method().name().equals("GET") && ctx.path().equals("/api/events");
  }

  // --- health and metrics ----------------------------------------------------------------------

  private void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    try {
      var status = sync.status();
      body.put("status", "ok");
      body.put("database", "ok");
      body.put("sync_enabled", status.enabled());
      body.put("sync_state", status.state());
      body.put("queue_depth", status.pending());
      body.put("parked", status.parked());
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

  // --- graph -----------------------------------------------------------------------------------

  private void storeAssociation(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    Association association = parser.association(parser.json(ctx));
    Association stored = graph.store(association);
    ctx.status(201).json(Views.association(stored));
  }

  private RowKey rowKey(Context ctx) {
    MemoryHash source = RequestParser.hash("source", ctx.pathParam("source"));
    MemoryHash target = RequestParser.hash("target", ctx.pathParam("target"));
    if (source.equals(target)) {
      throw ApiException.badRequest(
          "target", "an association needs two different memories; both are " + source);
    }
    return new RowKey(source, target);
  }

  private void getAssociation(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    RowKey key = rowKey(ctx);
    Association found =
        graph
            .get(key)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "target", "no association from " + key.source() + " to " + key.target()));
    ctx.json(Views.association(found));
  }

  private void deleteAssociation(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    RowKey key = rowKey(ctx);
    if (!graph.delete(key.source(), key.target())) {
      throw ApiException.notFound(
          "target", "nothing stands between " + key.source() + " and " + key.target());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deleted", true);
    body.put("source_hash", key.source().value());
    body.put("target_hash", key.target().value());
    ctx.json(body);
  }

  private MemoryHash knownMemory(Context ctx, String field, String value) {
    MemoryHash memory = RequestParser.hash(field, value);
    if (graph.associationsOf(memory, Direction.BOTH, Set.of()).isEmpty()) {
      throw ApiException.notFound(
          field, "memory " + memory + " has no associations on this device");
    }
    return memory;
  }

  private void associationsOf(Context ctx) {
    RequestParser.onlyParameters(ctx, FILTER);
    var direction = RequestParser.direction(ctx);
    var types = RequestParser.types(ctx);
    MemoryHash memory = knownMemory(ctx, "hash", ctx.pathParam("hash"));
    ctx.json(Views.associations(graph.associationsOf(memory, direction, types)));
  }

  private void deleteMemory(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    MemoryHash memory = RequestParser.hash("hash", ctx.pathParam("hash"));
    int pairs = graph.deleteMemory(memory);
    if (pairs == 0) {
      throw ApiException.notFound(
          "hash", "memory " + memory + " has no associations on this device");
    }
    ctx.json(Map.of("hash", memory.value(), "deleted_pairs", pairs));
  }

  private void connected(Context ctx) {
    RequestParser.onlyParameters(ctx, CONNECTED);
    int maxHops = RequestParser.intParameter(ctx, "max_hops", 2, 1, GraphService.MAX_HOPS);
    var filter = RequestParser.filter(ctx);
    MemoryHash memory = knownMemory(ctx, "hash", ctx.pathParam("hash"));
    ctx.json(Views.connected(graph.findConnected(memory, maxHops, filter)));
  }

  private void path(Context ctx) {
    RequestParser.onlyParameters(ctx, PATH);
    String fromText = RequestParser.requiredParameter(ctx, "from");
    String toText = RequestParser.requiredParameter(ctx, "to");
    int maxHops = RequestParser.intParameter(ctx, "max_hops", 5, 1, GraphService.MAX_HOPS);
    var filter = RequestParser.filter(ctx);
    MemoryHash from = RequestParser.hash("from", fromText);
    MemoryHash to = RequestParser.hash("to", toText);
    if (from.equals(to)) {
      throw ApiException.badRequest("to", "from and to are the same memory");
    }
    knownMemory(ctx, "from", fromText);
    knownMemory(ctx, "to", toText);
    Optional<GraphPath> path = graph.shortestPath(from, to, maxHops, filter);
    ctx.json(
        Views.path(
            path.orElseThrow(
                () ->
                    ApiException.notFound(
                        "to",
                        "no path from "
                            + from
                            + " to "
                            + to
                            + " within "
                            + maxHops
                            + " hops along the allowed edges"))));
  }

  private void subgraph(Context ctx) {
    RequestParser.onlyParameters(ctx, SUBGRAPH);
    int radius = RequestParser.intParameter(ctx, "radius", 2, 1, GraphService.MAX_HOPS);
    int maxNodes =
        RequestParser.intParameter(ctx, "max_nodes", 100, 1, GraphService.MAX_SUBGRAPH_NODES);
    var filter = RequestParser.filter(ctx);
    MemoryHash memory = knownMemory(ctx, "hash", ctx.pathParam("hash"));
    ctx.json(Views.subgraph(graph.subgraph(memory, radius, maxNodes, filter)));
  }

  private void stats(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    ctx.json(Views.statistics(graph.statistics()));
  }

  // --- sync ------------------------------------------------------------------------------------

  /** Runs a sync operation; when sync is off, answers 409 with SyncControl's explanation. */
  private <T> T whenSyncOn(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (IllegalStateException e) {
      throw new ApiException(409, "sync", e.getMessage());
    }
  }

  private void initialSync(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    CompletableFuture<InitialSync.Result> run = sync.startInitialSync();
    if (run.isCompletedExceptionally() && !sync.enabled()) {
      try {
        run.join();
      } catch (CompletionException e) {
        throw new ApiException(409, "sync", e.getCause().getMessage());
      }
    }
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
    ctx.json(Views.pushReport(whenSyncOn(sync::forceGraphSync)));
  }

  private void syncStatus(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of());
    ctx.json(Views.status(sync.status()));
  }

  private void drift(Context ctx) {
    RequestParser.onlyParameters(ctx, Set.of("repair"));
    boolean repair = RequestParser.boolParameter(ctx, "repair", false);
    ctx.json(Views.driftReport(whenSyncOn(() -> sync.checkDrift(repair))));
  }
}
