package io.hybridgraph.d1;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach one Cloudflare D1 database and how hard to use it.
 *
 * <p>Every setting is checked when the record is built; a wrong one fails with a message naming it.
 * The API token is a {@link ApiToken}, so {@link #toString()} never shows it.
 *
 * @param accountId Cloudflare account id
 * @param databaseId D1 database id (uuid)
 * @param apiToken API token with the Account &gt; D1 &gt; Edit permission
 * @param baseUrl API base, {@code https://api.cloudflare.com} by default; plain http only for a
 *     loopback address (the local D1)
 * @param connectTimeout time allowed to open a connection
 * @param readTimeout time allowed for a whole request, from sending it to the last byte of the
 *     reply
 * @param rateLimitRequests this device's own share of the account's API budget: requests allowed
 *     per {@code rateLimitWindow} for every client of the same token in this process, enforced
 *     client-side even when Cloudflare's rate-limit headers are absent. Cloudflare allows 1,200
 *     requests per 5 minutes per <em>user</em>, shared by every device, the dashboard and other
 *     tools; the default of 300 is a quarter of it
 * @param rateLimitWindow the sliding window of the device's share
 * @param budgetReserveFraction the fraction of the account's quota (as Cloudflare's {@code
 *     Ratelimit-Policy} header states it) kept for the user's other tools: when a reply says the
 *     remaining requests are at or below it, this process sends nothing until the window resets
 *     (default 0.25)
 * @param maxRowsPerRequest most rows one push request carries
 * @param maxBytesPerRequest most bytes of JSON body one push request carries (a single row that is
 *     larger travels alone)
 * @param databaseSizeLimitBytes the database size the plan allows (10 GB on the paid plan)
 * @param sizeWarnFraction fraction of the size limit from which a warning is logged
 * @param sizeRefuseFraction fraction of the size limit from which pushes are refused
 */
public record D1Config(
    String accountId,
    String databaseId,
    ApiToken apiToken,
    URI baseUrl,
    Duration connectTimeout,
    Duration readTimeout,
    int rateLimitRequests,
    Duration rateLimitWindow,
    double budgetReserveFraction,
    int maxRowsPerRequest,
    int maxBytesPerRequest,
    long databaseSizeLimitBytes,
    double sizeWarnFraction,
    double sizeRefuseFraction) {

  public static final URI DEFAULT_BASE_URL = URI.create("https://api.cloudflare.com");
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** D1 stops a query after 30 s; the extra time covers the network. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(45);

  /** A quarter of the 1,200 requests per 5 minutes Cloudflare allows a user. */
  public static final int DEFAULT_RATE_LIMIT_REQUESTS = 300;

  public static final Duration DEFAULT_RATE_LIMIT_WINDOW = Duration.ofMinutes(5);

  /** A quarter of the account's quota is kept for the user's other tools. */
  public static final double DEFAULT_BUDGET_RESERVE_FRACTION = 0.25;

  /** Largest allowed {@code budgetReserveFraction}; 1 would never send. */
  public static final double MAX_BUDGET_RESERVE_FRACTION = 0.9;

  public static final int DEFAULT_MAX_ROWS_PER_REQUEST = 5_000;
  public static final int DEFAULT_MAX_BYTES_PER_REQUEST = 4 * 1024 * 1024;
  public static final long DEFAULT_DATABASE_SIZE_LIMIT_BYTES = 10_000_000_000L;
  public static final double DEFAULT_SIZE_WARN_FRACTION = 0.80;
  public static final double DEFAULT_SIZE_REFUSE_FRACTION = 0.95;

  /** Cloudflare answers a request body over about 100 MB with 413. */
  public static final int MAX_BYTES_PER_REQUEST_LIMIT = 90 * 1024 * 1024;

  /** Smallest body budget: room for a few statements of typical rows. */
  public static final int MIN_BYTES_PER_REQUEST = 16 * 1024;

  public static final int MAX_ROWS_PER_REQUEST_LIMIT = 100_000;

  /** Longest allowed {@code connectTimeout}. */
  public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(5);

  /** Longest allowed {@code readTimeout}. */
  public static final Duration MAX_READ_TIMEOUT = Duration.ofMinutes(30);

  /** Longest allowed {@code rateLimitWindow}. */
  public static final Duration MAX_RATE_LIMIT_WINDOW = Duration.ofDays(1);

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public D1Config {
    requireId("accountId", accountId);
    requireId("databaseId", databaseId);
    Objects.requireNonNull(apiToken, "D1 setting apiToken must not be null");
    requireBaseUrl(baseUrl);
    requireDuration("connectTimeout", connectTimeout, MAX_CONNECT_TIMEOUT);
    requireDuration("readTimeout", readTimeout, MAX_READ_TIMEOUT);
    if (rateLimitRequests < 1) {
      throw new IllegalArgumentException(
          "D1 setting rateLimitRequests must be at least 1, was " + rateLimitRequests);
    }
    requireDuration("rateLimitWindow", rateLimitWindow, MAX_RATE_LIMIT_WINDOW);
    if (!(budgetReserveFraction >= 0 && budgetReserveFraction <= MAX_BUDGET_RESERVE_FRACTION)) {
      throw new IllegalArgumentException(
          "D1 setting budgetReserveFraction must be within [0, "
              + MAX_BUDGET_RESERVE_FRACTION
              + "], was "
              + budgetReserveFraction);
    }
    if (maxRowsPerRequest < 1 || maxRowsPerRequest > MAX_ROWS_PER_REQUEST_LIMIT) {
      throw new IllegalArgumentException(
          "D1 setting maxRowsPerRequest must be within [1, "
              + MAX_ROWS_PER_REQUEST_LIMIT
              + "], was "
              + maxRowsPerRequest);
    }
    if (maxBytesPerRequest < MIN_BYTES_PER_REQUEST
        || maxBytesPerRequest > MAX_BYTES_PER_REQUEST_LIMIT) {
      throw new IllegalArgumentException(
          "D1 setting maxBytesPerRequest must be within ["
              + MIN_BYTES_PER_REQUEST
              + ", "
              + MAX_BYTES_PER_REQUEST_LIMIT
              + "] bytes, was "
              + maxBytesPerRequest);
    }
    if (databaseSizeLimitBytes < 1) {
      throw new IllegalArgumentException(
          "D1 setting databaseSizeLimitBytes must be positive, was " + databaseSizeLimitBytes);
    }
    if (!(sizeWarnFraction > 0 && sizeWarnFraction < 1)) {
      throw new IllegalArgumentException(
          "D1 setting sizeWarnFraction must be within (0, 1), was " + sizeWarnFraction);
    }
    if (!(sizeRefuseFraction > sizeWarnFraction && sizeRefuseFraction <= 1)) {
      throw new IllegalArgumentException(
          "D1 setting sizeRefuseFraction must be within (sizeWarnFraction = "
              + sizeWarnFraction
              + ", 1], was "
              + sizeRefuseFraction);
    }
  }

  /** A builder with every optional setting at its default. */
  public static Builder builder(String accountId, String databaseId, ApiToken apiToken) {
    return new Builder(accountId, databaseId, apiToken);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(accountId, databaseId, apiToken)
        .baseUrl(baseUrl)
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .rateLimit(rateLimitRequests, rateLimitWindow)
        .budgetReserveFraction(budgetReserveFraction)
        .maxRowsPerRequest(maxRowsPerRequest)
        .maxBytesPerRequest(maxBytesPerRequest)
        .databaseSizeLimitBytes(databaseSizeLimitBytes)
        .sizeWarnFraction(sizeWarnFraction)
        .sizeRefuseFraction(sizeRefuseFraction);
  }

  private static void requireId(String setting, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("D1 setting " + setting + " must not be empty");
    }
    if (!ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "D1 setting "
              + setting
              + " must be 1 to 128 letters, digits, '.', '_' or '-' (starting with a letter or"
              + " digit), was '"
              + value
              + "'");
    }
  }

  private static void requireDuration(String setting, Duration value, Duration max) {
    if (value == null) {
      throw new IllegalArgumentException("D1 setting " + setting + " must not be null");
    }
    if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "D1 setting " + setting + " must be positive and at most " + max + ", was " + value);
    }
  }

  private static void requireBaseUrl(URI url) {
    if (url == null) {
      throw new IllegalArgumentException("D1 setting baseUrl must not be null");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || url.getHost() == null || url.isOpaque()) {
      throw new IllegalArgumentException(
          "D1 setting baseUrl must be an absolute http(s) URL such as "
              + DEFAULT_BASE_URL
              + ", was '"
              + url
              + "'");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "D1 setting baseUrl must not have user info, a query or a fragment, was '" + url + "'");
    }
    if (scheme.equals("https")) {
      return;
    }
    if (scheme.equals("http") && isLoopback(url.getHost())) {
      return;
    }
    throw new IllegalArgumentException(
        "D1 setting baseUrl must use https (plain http only for a loopback address such as the"
            + " local D1), was '"
            + url
            + "'");
  }

  private static boolean isLoopback(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    boolean literal =
        bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    if (!literal) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Builds a {@link D1Config}; every setting is validated by {@link #build()}. */
  public static final class Builder {
    private final String accountId;
    private final String databaseId;
    private final ApiToken apiToken;
    private URI baseUrl = DEFAULT_BASE_URL;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private int rateLimitRequests = DEFAULT_RATE_LIMIT_REQUESTS;
    private Duration rateLimitWindow = DEFAULT_RATE_LIMIT_WINDOW;
    private double budgetReserveFraction = DEFAULT_BUDGET_RESERVE_FRACTION;
    private int maxRowsPerRequest = DEFAULT_MAX_ROWS_PER_REQUEST;
    private int maxBytesPerRequest = DEFAULT_MAX_BYTES_PER_REQUEST;
    private long databaseSizeLimitBytes = DEFAULT_DATABASE_SIZE_LIMIT_BYTES;
    private double sizeWarnFraction = DEFAULT_SIZE_WARN_FRACTION;
    private double sizeRefuseFraction = DEFAULT_SIZE_REFUSE_FRACTION;

    private Builder(String accountId, String databaseId, ApiToken apiToken) {
      this.accountId = accountId;
      this.databaseId = databaseId;
      this.apiToken = apiToken;
    }

    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    public Builder baseUrl(String baseUrl) {
      try {
        return baseUrl(URI.create(baseUrl));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "D1 setting baseUrl is not a valid URL: '" + baseUrl + "'", e);
      }
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    public Builder rateLimit(int requests, Duration window) {
      this.rateLimitRequests = requests;
      this.rateLimitWindow = window;
      return this;
    }

    public Builder budgetReserveFraction(double budgetReserveFraction) {
      this.budgetReserveFraction = budgetReserveFraction;
      return this;
    }

    public Builder maxRowsPerRequest(int maxRowsPerRequest) {
      this.maxRowsPerRequest = maxRowsPerRequest;
      return this;
    }

    public Builder maxBytesPerRequest(int maxBytesPerRequest) {
      this.maxBytesPerRequest = maxBytesPerRequest;
      return this;
    }

    public Builder databaseSizeLimitBytes(long databaseSizeLimitBytes) {
      this.databaseSizeLimitBytes = databaseSizeLimitBytes;
      return this;
    }

    public Builder sizeWarnFraction(double sizeWarnFraction) {
      this.sizeWarnFraction = sizeWarnFraction;
      return this;
    }

    public Builder sizeRefuseFraction(double sizeRefuseFraction) {
      this.sizeRefuseFraction = sizeRefuseFraction;
      return this;
    }

    public D1Config build() {
      return new D1Config(
          accountId,
          databaseId,
          apiToken,
          baseUrl,
          connectTimeout,
          readTimeout,
          rateLimitRequests,
          rateLimitWindow,
          budgetReserveFraction,
          maxRowsPerRequest,
          maxBytesPerRequest,
          databaseSizeLimitBytes,
          sizeWarnFraction,
          sizeRefuseFraction);
    }
  }
}
