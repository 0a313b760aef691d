package io.hybridgraph.d1;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Cloudflare API token: a secret that only the bearer-token interceptor ever reads.
 *
 * <p>{@link #toString()} is masked, so the token cannot leak through logging a configuration, an
 * exception or a debugger's value view. Equality compares the secret in constant time. Immutable
 * and thread-safe.
 */
public final class ApiToken {

  private static final int MAX_LENGTH = 4096;

  private final String value;

  private ApiToken(String value) {
    this.value = value;
  }

  /**
   * Wraps a token as read from configuration or the environment.
   *
   * @throws IllegalArgumentException when the token is empty, too long or holds anything but
   *     printable ASCII without spaces, which no standard header could carry (the message never
   *     contains the token)
   */
  public static ApiToken of(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("D1 setting apiToken must not be empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "D1 setting apiToken must be at most " + MAX_LENGTH + " characters long");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "D1 setting apiToken must be printable ASCII without spaces, as Cloudflare's tokens"
                + " are (found "
                + (c < 0x21 || c == 0x7f ? "a space or control character" : "a non-ASCII character")
                + " at index "
                + i
                + ")");
      }
    }
    return new ApiToken(value);
  }

  /** The secret itself; only for the Authorization header and for redaction. */
  String reveal() {
    return value;
  }

  /**
   * A short, stable, non-reversible name for this token (the first 12 hex digits of its SHA-256),
   * used to share one rate limiter between every client of the same token.
   */
  String fingerprint() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiToken other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return fingerprint().hashCode();
  }

  @Override
  public String toString() {
    return "ApiToken[****]";
  }
}
