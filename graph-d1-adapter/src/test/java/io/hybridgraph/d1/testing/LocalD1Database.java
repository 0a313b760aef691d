package io.hybridgraph.d1.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridgraph.d1.ApiToken;
import io.hybridgraph.d1.D1Config;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One database of the local D1, leased by a test class: its coordinates, a ready {@link D1Config},
 * and the test-only controls (reset, faults, request counts). Faults injected here apply to this
 * database only.
 */
public final class LocalD1Database implements AutoCloseable {

  /** Generous: the local D1 has no rate limit and tests must not wait on ours. */
  public static final int TEST_RATE_LIMIT = 100_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalD1Server server;
  private final String id;
  private boolean released;

  LocalD1Database(LocalD1Server server, String id) {
    this.server = server;
    this.id = id;
  }

  public String id() {
    return id;
  }

  public URI url() {
    return server.url();
  }

  public String accountId() {
    return server.accountId();
  }

  /** The token the local D1 accepts; tests use it to prove it never leaks. */
  public String token() {
    return server.token();
  }

  /** A configuration for this database with test-friendly timeouts and rate limit. */
  public D1Config.Builder config() {
    return D1Config.builder(accountId(), id, ApiToken.of(token()))
        .baseUrl(url())
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(60))
        .rateLimit(TEST_RATE_LIMIT, Duration.ofMinutes(5));
  }

  /** Drops every table, index and trigger of this database and its pending faults. */
  public void reset() {
    clearFaults();
    server.control(
        "POST", "/__reset?database=" + URLEncoder.encode(id, StandardCharsets.UTF_8), null);
  }

  /**
   * Queues a fault for the next request(s) to this database. Fields as in local-d1/README.md:
   * {@code status}, {@code retryAfter}, {@code body}, {@code delayMs}, {@code applyThenFail},
   * {@code successFalse}, {@code errorCode}, {@code errorMessage}, {@code count}, {@code paths},
   * {@code reset}.
   */
  public void injectFault(Map<String, Object> fault) {
    ObjectNode node = JSON.valueToTree(fault);
    node.put("database", id);
    ObjectNode body = JSON.createObjectNode();
    body.putArray("faults").add(node);
    server.control("POST", "/__faults", body.toString());
  }

  /** Faults still pending for this database. */
  public int pendingFaults() {
    int count = 0;
    for (JsonNode fault : server.control("GET", "/__faults", null).path("pending")) {
      if (id.equals(fault.path("database").asText())) {
        count++;
      }
    }
    return count;
  }

  /** Removes this database's pending faults, keeping other databases' ones. */
  public void clearFaults() {
    JsonNode pending = server.control("GET", "/__faults", null).path("pending");
    boolean ours = false;
    ArrayNode others = JSON.createArrayNode();
    for (JsonNode fault : pending) {
      if (id.equals(fault.path("database").asText())) {
        ours = true;
      } else {
        ObjectNode copy = ((ObjectNode) fault).deepCopy();
        int remaining = copy.path("remaining").asInt(1);
        copy.remove("remaining");
        copy.put("count", remaining);
        others.add(copy);
      }
    }
    if (!ours) {
      return;
    }
    server.control("DELETE", "/__faults", null);
    if (!others.isEmpty()) {
      ObjectNode body = JSON.createObjectNode();
      body.set("faults", others);
      server.control("POST", "/__faults", body.toString());
    }
  }

  /**
   * Runs one statement straight on this database through D1's query endpoint, bypassing the
   * adapter: another writer editing the cloud copy behind the devices' backs (a console, a script).
   * Counts as one request.
   *
   * @throws IllegalStateException when the local D1 refuses the statement
   */
  public void execute(String sql, Object... params) {
    ObjectNode body = JSON.createObjectNode();
    body.put("sql", sql);
    body.set("params", JSON.valueToTree(params));
    JsonNode reply =
        server.control(
            "POST",
            "/client/v4/accounts/" + accountId() + "/d1/database/" + id + "/query",
            body.toString(),
            token());
    if (!reply.path("success").asBoolean()) {
      throw new IllegalStateException(
          "the local D1 refused '" + sql + "': " + reply.path("errors"));
    }
  }

  /**
   * Sets the account's limits of the whole server (every database and client shares them, as
   * Cloudflare's are the user's) and zeroes their counters: {@code rateLimit} as {@code
   * QUOTA/WINDOW_SECONDS[/BLOCK_SECONDS]}, {@code dailyLimit} as {@code
   * ROWS_READ/ROWS_WRITTEN[/DAY_SECONDS]}, either {@code "off"}. Turn both off again after the test
   * ({@link #accountLimitsOff()}): other test classes share the server.
   */
  public void accountLimits(String rateLimit, String dailyLimit) {
    ObjectNode body = JSON.createObjectNode();
    body.put("rateLimit", rateLimit);
    body.put("dailyLimit", dailyLimit);
    server.control("POST", "/__account", body.toString());
  }

  /** Turns the account's rate limit and daily quotas off. */
  public void accountLimitsOff() {
    accountLimits("off", "off");
  }

  /**
   * The account's budget and quotas as the server counts them ({@code rateLimit}: quota, used,
   * remaining, blockedForSeconds, refused; {@code dailyLimit}: read, written, refused; null where
   * off), see local-d1/README.md.
   */
  public JsonNode account() {
    return server.control("GET", "/__account", null);
  }

  /** D1 API requests this database has served since the server started. */
  public long requests() {
    return server
        .control("GET", "/__stats", null)
        .path("databases")
        .path(id)
        .path("total")
        .asLong();
  }

  /** Gives the database back to the pool (after dropping its faults). */
  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    try {
      clearFaults();
    } finally {
      server.release(id);
    }
  }

  @Override
  public String toString() {
    return "LocalD1Database[" + id + " at " + url() + "]";
  }
}
