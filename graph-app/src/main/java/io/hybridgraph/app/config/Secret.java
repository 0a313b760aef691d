package io.hybridgraph.app.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret read from configuration, such as the HTTP API token. {@link #toString()} never shows it;
 * {@link #matches(String)} compares in constant time.
 */
public final class Secret {

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value);
  }

  static Secret of(String value) {
    return new Secret(value);
  }

  /**
   * Whether {@code candidate} is this secret, compared in time independent of where they differ.
   */
  public boolean matches(String candidate) {
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  /** The secret itself, for a client that must send it (tests, the CLI calling a server). */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }
}
