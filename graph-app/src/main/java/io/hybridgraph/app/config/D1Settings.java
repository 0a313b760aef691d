package io.hybridgraph.app.config;

import io.hybridgraph.d1.ApiToken;
import io.hybridgraph.d1.D1Config;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How hard the D1 client uses the cloud: this device's share of the account's request budget (a
 * client-side rate limit shared by every D1 call of the process), the reserve of the account's
 * budget left to the user's other tools, the size of one push request and the network timeouts. The
 * defaults and ranges are {@link D1Config}'s.
 *
 * <p>Cloudflare allows 1,200 API requests per 5 minutes per user, counted over every token, device
 * and tool of that user (the dashboard, wrangler, the Python service's own memory sync). The client
 * reads what is left from every reply and stops sending at the reserve; the share caps this device
 * even where the replies say nothing.
 */
public record D1Settings(
    int rateLimitRequests,
    Duration rateLimitWindow,
    double budgetReserveFraction,
    int maxRowsPerRequest,
    int maxBytesPerRequest,
    Duration connectTimeout,
    Duration readTimeout) {

  public static final String RATE_LIMIT_REQUESTS = "HYBRID_GRAPH_D1_RATE_LIMIT_REQUESTS";
  public static final String RATE_LIMIT_WINDOW_SECONDS =
      "HYBRID_GRAPH_D1_RATE_LIMIT_WINDOW_SECONDS";
  public static final String BUDGET_RESERVE = "HYBRID_GRAPH_D1_BUDGET_RESERVE";
  public static final String MAX_ROWS_PER_REQUEST = "HYBRID_GRAPH_D1_MAX_ROWS_PER_REQUEST";
  public static final String MAX_BYTES_PER_REQUEST = "HYBRID_GRAPH_D1_MAX_BYTES_PER_REQUEST";
  public static final String CONNECT_TIMEOUT_MS = "HYBRID_GRAPH_D1_CONNECT_TIMEOUT_MS";
  public static final String READ_TIMEOUT_MS = "HYBRID_GRAPH_D1_READ_TIMEOUT_MS";

  /**
   * Highest accepted request count per window. {@link D1Config} only requires at least 1, but the
   * rate limiter keeps one slot per permitted request, so a huge value would exhaust the heap.
   */
  public static final int MAX_RATE_LIMIT_REQUESTS = 1_000_000;

  public D1Settings {
    Objects.requireNonNull(rateLimitWindow, "rateLimitWindow");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
  }

  /** The D1 adapter's defaults. */
  public static D1Settings defaults() {
    return new D1Settings(
        D1Config.DEFAULT_RATE_LIMIT_REQUESTS,
        D1Config.DEFAULT_RATE_LIMIT_WINDOW,
        D1Config.DEFAULT_BUDGET_RESERVE_FRACTION,
        D1Config.DEFAULT_MAX_ROWS_PER_REQUEST,
        D1Config.DEFAULT_MAX_BYTES_PER_REQUEST,
        D1Config.DEFAULT_CONNECT_TIMEOUT,
        D1Config.DEFAULT_READ_TIMEOUT);
  }

  /**
   * Reads the D1 client settings.
   *
   * @throws IllegalArgumentException naming every invalid variable
   */
  public static D1Settings fromEnvironment(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    int requests =
        reader.integer(
            RATE_LIMIT_REQUESTS, D1Config.DEFAULT_RATE_LIMIT_REQUESTS, 1, MAX_RATE_LIMIT_REQUESTS);
    long windowSeconds =
        reader.longInteger(
            RATE_LIMIT_WINDOW_SECONDS,
            D1Config.DEFAULT_RATE_LIMIT_WINDOW.toSeconds(),
            1,
            D1Config.MAX_RATE_LIMIT_WINDOW.toSeconds());
    double reserve =
        reader.decimal(
            BUDGET_RESERVE,
            D1Config.DEFAULT_BUDGET_RESERVE_FRACTION,
            0.0,
            D1Config.MAX_BUDGET_RESERVE_FRACTION);
    int rows =
        reader.integer(
            MAX_ROWS_PER_REQUEST,
            D1Config.DEFAULT_MAX_ROWS_PER_REQUEST,
            1,
            D1Config.MAX_ROWS_PER_REQUEST_LIMIT);
    int bytes =
        reader.integer(
            MAX_BYTES_PER_REQUEST,
            D1Config.DEFAULT_MAX_BYTES_PER_REQUEST,
            D1Config.MIN_BYTES_PER_REQUEST,
            D1Config.MAX_BYTES_PER_REQUEST_LIMIT);
    Duration connectTimeout =
        reader.millis(
            CONNECT_TIMEOUT_MS,
            D1Config.DEFAULT_CONNECT_TIMEOUT,
            1,
            D1Config.MAX_CONNECT_TIMEOUT.toMillis());
    Duration readTimeout =
        reader.millis(
            READ_TIMEOUT_MS,
            D1Config.DEFAULT_READ_TIMEOUT,
            1,
            D1Config.MAX_READ_TIMEOUT.toMillis());
    reader.throwIfInvalid("invalid D1 configuration");
    return new D1Settings(
        requests,
        Duration.ofSeconds(windowSeconds),
        reserve,
        rows,
        bytes,
        connectTimeout,
        readTimeout);
  }

  /**
   * The D1 client's configuration for {@code cloud}, with these settings and the cloud's size
   * limit. Every value was checked where its variable was read.
   */
  D1Config d1Config(CloudCredentials cloud, long databaseSizeLimitBytes) {
    return D1Config.builder(cloud.accountId(), cloud.databaseId(), ApiToken.of(cloud.apiToken()))
        .baseUrl(cloud.endpoint())
        .databaseSizeLimitBytes(databaseSizeLimitBytes)
        .rateLimit(rateLimitRequests, rateLimitWindow)
        .budgetReserveFraction(budgetReserveFraction)
        .maxRowsPerRequest(maxRowsPerRequest)
        .maxBytesPerRequest(maxBytesPerRequest)
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .build();
  }

  public String summary() {
    return "d1 client "
        + rateLimitRequests
        + " requests per "
        + rateLimitWindow.toSeconds()
        + " s, reserve "
        + Math.round(budgetReserveFraction * 100)
        + " % of the account's budget, at most "
        + maxRowsPerRequest
        + " rows and "
        + maxBytesPerRequest
        + " bytes per request, connect timeout "
        + connectTimeout.toMillis()
        + " ms, read timeout "
        + readTimeout.toMillis()
        + " ms";
  }
}
