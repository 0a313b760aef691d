package io.hybridgraph.app.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP API listens: address, port, the optional API token every request must carry, the
 * largest request body and how often the event stream reports status.
 */
public record HttpSettings(
    String host,
    int port,
    Optional<Secret> apiToken,
    int maxBodyBytes,
    Duration statusEventInterval) {

  public static final String HOST = "HYBRID_GRAPH_HTTP_HOST";
  public static final String PORT = "HYBRID_GRAPH_HTTP_PORT";
  public static final String API_TOKEN = "HYBRID_GRAPH_API_TOKEN";
  public static final String MAX_BODY_BYTES = "HYBRID_GRAPH_HTTP_MAX_BODY_BYTES";
  public static final String STATUS_EVENT_INTERVAL_MS =
      "HYBRID_GRAPH_HTTP_STATUS_EVENT_INTERVAL_MS";

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8765;
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int MIN_TOKEN_LENGTH = 16;

  public HttpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(apiToken, "apiToken");
    Objects.requireNonNull(statusEventInterval, "statusEventInterval");
  }

  /**
   * Reads the HTTP settings.
   *
   * @throws IllegalArgumentException naming every invalid variable (never showing the token)
   */
  public static HttpSettings fromEnvironment(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    String host = reader.value(HOST).orElse(DEFAULT_HOST);
    if (host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))
        || host.contains("/")) {
      reader.error(HOST + " must be a host name or IP address, was '" + host + "'");
    }
    int port = reader.integer(PORT, DEFAULT_PORT, 0, 65_535);
    Optional<Secret> token = Optional.empty();
    String rawToken = env.get(API_TOKEN);
    if (rawToken != null && !rawToken.isEmpty()) {
      if (rawToken.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        reader.error(API_TOKEN + " must not contain white space or control characters");
      } else if (rawToken.length() < MIN_TOKEN_LENGTH) {
        reader.error(
            API_TOKEN
                + " must be at least "
                + MIN_TOKEN_LENGTH
                + " characters long (was "
                + rawToken.length()
                + "); use a long random secret");
      } else {
        token = Optional.of(Secret.of(rawToken));
      }
    }
    int maxBody = reader.integer(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, 1_024, 64 * 1024 * 1024);
    Duration interval =
        reader.millis(STATUS_EVENT_INTERVAL_MS, Duration.ofMillis(5_000), 100, 3_600_000);
    reader.throwIfInvalid("invalid HTTP configuration");
    return new HttpSettings(host, port, token, maxBody, interval);
  }

  /** A copy listening on another host and port (tests and the {@code serve} options). */
  public HttpSettings withAddress(String newHost, int newPort) {
    return new HttpSettings(newHost, newPort, apiToken, maxBodyBytes, statusEventInterval);
  }

  /** Whether {@link #host()} is a loopback address, reachable from this machine only. */
  public boolean loopback() {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.toLowerCase(Locale.ROOT).equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Refuses an address other machines can reach unless a token protects the API.
   *
   * @throws IllegalStateException explaining what to set
   */
  public void requireSafeBinding() {
    if (!loopback() && apiToken.isEmpty()) {
      throw new IllegalArgumentException(
          "refusing to listen on "
              + host
              + ": "
              + HOST
              + " is not a loopback address and "
              + API_TOKEN
              + " is not set, so anyone who can reach this machine could read and change the"
              + " graph. Set "
              + API_TOKEN
              + " to a long random secret (at least "
              + MIN_TOKEN_LENGTH
              + " characters), or set "
              + HOST
              + "=127.0.0.1");
    }
  }

  public String summary() {
    return "http "
        + host
        + ":"
        + port
        + " (api token "
        + (apiToken.isPresent() ? "set ****" : "not set")
        + ", max body "
        + maxBodyBytes
        + " bytes)";
  }

  @Override
  public String toString() {
    return "HttpSettings[" + summary() + "]";
  }
}
