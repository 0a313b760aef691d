package io.hybridgraph.d1;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import feign.Feign;
import feign.Logger;
import feign.Request;
import feign.Retryer;
import feign.jackson.JacksonEncoder;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The Cloudflare D1 adapter's front: builds the D1 client once from a {@link D1Config} and hands
 * out the {@link RemoteGraph} port on top of it; migrates the remote schema; and answers the setup
 * checks of a {@code doctor} command ({@link #describeDatabase()}, {@link #checkQueryAccess()})
 * without handing out raw SQL access.
 *
 * <p>Retries: exactly one layer owns them, and it is not this one. Feign's retryer is {@code
 * Retryer.NEVER_RETRY} and the HTTP transport never re-sends a request; every failure surfaces once
 * as one of the domain's {@link RemoteGraphException} categories, whose subclass says whether to
 * retry ({@link RemoteGraphException.Unavailable}, with D1's {@code Retry-After} when given). The
 * sync layer retries with its own backoff; pushes are idempotent, so retrying one whose
 * acknowledgement was lost is safe. A wrong token and an unknown database are told apart by {@link
 * RemoteAuthenticationException} and {@link RemoteDatabaseNotFoundException}.
 *
 * <p>Rate limit: Cloudflare's 1,200 requests per 5 minutes are the user's, shared by every device
 * and tool. Every client of the same token and base URL in the process shares one limiter, the
 * device's own share ({@code rateLimitRequests} per {@code rateLimitWindow}, 300 per 5 minutes by
 * default), and one view of the account's budget read from every reply's {@code Ratelimit} headers
 * ({@link #budget()}): while the account is down to its reserve ({@code budgetReserveFraction}) or
 * a 429 asked to wait, requests are not sent but fail at once as {@link
 * RemoteGraphException.Unavailable} with the time to wait.
 *
 * <p>Creating a {@code D1Remote} does no I/O. Call {@link #migrateSchema()} once before pushing or
 * pulling. Thread-safe.
 */
public final class D1Remote {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final D1Config config;
  private final AccountBudget budget;
  private final D1Client client;
  private final CapacityMonitor capacity;
  private final SchemaMigrator schema;
  private final D1RemoteGraph graph;
  private final Redactor redactor;
  private final RowCodec codec;

  private D1Remote(D1Config config, Clock clock, RequestRateLimiter limiter, AccountBudget budget) {
    this.config = config;
    this.budget = budget;
    ObjectMapper mapper = objectMapper();
    this.redactor = new Redactor(config.apiToken());
    this.codec = new RowCodec(mapper);
    ReplyClassifier classifier =
        new ReplyClassifier(mapper, redactor, config.accountId(), config.databaseId(), clock);
    this.capacity = new CapacityMonitor(config, clock);
    D1Api api = feignClient(config, mapper, classifier, budget);
    this.client =
        new D1Client(
            api,
            config.accountId(),
            config.databaseId(),
            limiter,
            budget,
            config.budgetReserveFraction(),
            classifier,
            redactor,
            capacity::observe);
    this.schema = new SchemaMigrator(client, nanos -> TimeUnit.NANOSECONDS.sleep(nanos));
    this.graph = new D1RemoteGraph(client, codec, BatchPacker.forConfig(config), capacity);
    capacity.sizeSource(graph::sizeBytes);
  }

  /** Builds the adapter; no request is sent until one of its parts is used. */
  public static D1Remote create(D1Config config) {
    Objects.requireNonNull(config, "config");
    String key = limiterKey(config);
    return new D1Remote(
        config,
        Clock.systemUTC(),
        RequestRateLimiter.shared(key, config.rateLimitRequests(), config.rateLimitWindow()),
        AccountBudget.shared(key));
  }

  /** For tests: a private clock, rate limiter and account budget (on that clock). */
  static D1Remote create(D1Config config, Clock clock, RequestRateLimiter limiter) {
    return create(config, clock, limiter, new AccountBudget(clock));
  }

  /** For tests: a private clock and rate limiter, and a budget tests may share between fronts. */
  static D1Remote create(
      D1Config config, Clock clock, RequestRateLimiter limiter, AccountBudget budget) {
    return new D1Remote(config, clock, limiter, budget);
  }

  /**
   * The one place the Feign client is built: JDK HTTP transport with explicit timeouts, Jackson
   * with our own mapper, the bearer token from configuration, our error decoder, no retries, no
   * Feign logging (it could print headers).
   */
  private static D1Api feignClient(
      D1Config config, ObjectMapper mapper, ReplyClassifier classifier, AccountBudget budget) {
    return Feign.builder()
        .client(new BudgetObservingClient(new JdkHttpFeignClient(config.connectTimeout()), budget))
        .options(new Request.Options(config.connectTimeout(), config.readTimeout(), false))
        .encoder(new JacksonEncoder(mapper))
        .decoder(new D1ReplyDecoder(mapper, classifier))
        .errorDecoder(new D1ErrorDecoder(classifier))
        .retryer(Retryer.NEVER_RETRY)
        .logLevel(Logger.Level.NONE)
        .requestInterceptor(new BearerTokenInterceptor(config.apiToken()))
        .target(D1Api.class, stripTrailingSlash(config.baseUrl().toString()));
  }

  /**
   * Our own mapper: unknown envelope fields are ignored (Cloudflare adds fields), and Jackson's
   * default 50,000-character limit on property names is raised, because D1 names an unaliased
   * result column after its expression, which can be as long as a statement (100,000 bytes).
   */
  static ObjectMapper objectMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNameLength(2 * D1Limits.MAX_STATEMENT_BYTES)
                    .build())
            .build();
    return JsonMapper.builder(factory)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  private static String limiterKey(D1Config config) {
    return stripTrailingSlash(config.baseUrl().toString()) + "#" + config.apiToken().fingerprint();
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The remote graph port on D1. */
  public RemoteGraph graph() {
    return graph;
  }

  /**
   * Creates or upgrades the remote schema; run once at startup, before pushing or pulling. Safe to
   * run again and safe when several devices run it at once.
   *
   * @throws IllegalStateException when D1 holds a newer schema than this build knows, or a {@code
   *     memory_graph} whose layout is neither the Python service's nor ours
   * @throws RemoteGraphException when D1 fails; running it again is safe
   */
  public void migrateSchema() {
    schema.migrate();
  }

  /**
   * Asks D1 for the database's name, table count and size (one info request): proves that the
   * endpoint answers, that the account and database exist, and that the token may read them.
   *
   * @throws RemoteAuthenticationException when D1 refuses the token
   * @throws RemoteDatabaseNotFoundException when D1 knows no such account or database
   * @throws RemoteGraphException when D1 cannot be reached or fails otherwise
   */
  public D1DatabaseInfo describeDatabase() {
    return client.info();
  }

  /**
   * Runs a trivial read ({@code SELECT 1}) on the database: proves that the token may query it, not
   * only read its info.
   *
   * @throws RemoteGraphException when D1 refuses the query or cannot be reached
   */
  public void checkQueryAccess() {
    client.query(D1Statement.of("SELECT 1"));
  }

  /**
   * The Cloudflare account's API budget as the latest reply reported it, and whether this process
   * holds its requests because of it (until {@link D1Budget#limitedUntil()}). Shared by every
   * client of the same token and base URL in the process. No I/O.
   */
  public D1Budget budget() {
    return budget.snapshot(config.budgetReserveFraction());
  }

  /**
   * The cloud probe of {@code doctor --cloud-probe}: runs every statement shape sync relies on (a
   * batch with parameters of each JSON type, the upsert with its merge rule, the counter bump, a
   * query shaped like the pull, a trigger with {@code CASE}) on scratch tables it creates in the
   * configured database and drops afterwards, and says for each whether it works, with D1's error
   * (redacted) when not. About ten requests; a failing shape does not stop the others, and the
   * scratch tables are dropped whatever happened. No migration is needed first.
   */
  public List<D1ProbeResult> probe() {
    byte[] random = new byte[4];
    RANDOM.nextBytes(random);
    return new CloudProbe(client, redactor, codec, HexFormat.of().formatHex(random)).run();
  }

  D1Config config() {
    return config;
  }

  /** The remote graph with its D1-only reads ({@code scan}, {@code sizeBytes}). */
  D1RemoteGraph d1Graph() {
    return graph;
  }

  /** The remote schema, with its version queries. */
  RemoteSchema schema() {
    return schema;
  }

  /** How full the database is against the configured limit. */
  D1Capacity capacity() {
    return capacity;
  }

  /** The raw D1 client. */
  D1Database database() {
    return client;
  }

  @Override
  public String toString() {
    return "D1Remote[account=" + config.accountId() + ", database=" + config.databaseId() + "]";
  }
}
