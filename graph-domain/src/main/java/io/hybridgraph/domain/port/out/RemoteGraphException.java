package io.hybridgraph.domain.port.out;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure of the remote graph, grouped by what the caller can do about it: retry later ({@link
 * Unavailable}; {@link QuotaExhausted} is the kind whose wait is the rest of the day), set the
 * change aside ({@link Rejected}), fix credentials or configuration ({@link AccessDenied}), or free
 * space ({@link Full}). Messages keep the remote's error code and text and never contain
 * credentials.
 */
public abstract class RemoteGraphException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Integer code;

  protected RemoteGraphException(String message, Integer code, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The remote's own error code (D1's 7500, 10000, ...), when it gave one. */
  public Optional<Integer> code() {
    return Optional.ofNullable(code);
  }

  /** A transient failure (rate limit, overload, timeout, lost connection): try again later. */
  public static class Unavailable extends RemoteGraphException {
    private static final long serialVersionUID = 1L;
    private final java.time.Duration retryAfter;

    public Unavailable(
        String message, Integer code, java.time.Duration retryAfter, Throwable cause) {
      super(message, code, cause);
      this.retryAfter = retryAfter;
    }

    /** How long the remote asked to wait, when it said. */
    public Optional<java.time.Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }
  }

  /** The remote will never accept this request as it is (a SQL error, a row too large). */
  public static class Rejected extends RemoteGraphException {
    private static final long serialVersionUID = 1L;

    public Rejected(String message, Integer code, Throwable cause) {
      super(message, code, cause);
    }
  }

  /** Credentials, permissions or the database address are wrong: nothing works until fixed. */
  public static class AccessDenied extends RemoteGraphException {
    private static final long serialVersionUID = 1L;

    public AccessDenied(String message, Integer code, Throwable cause) {
      super(message, code, cause);
    }
  }

  /** The remote database is at its size limit: pushes are refused until space is freed. */
  public static class Full extends RemoteGraphException {
    private static final long serialVersionUID = 1L;

    public Full(String message, Throwable cause) {
      super(message, null, cause);
    }
  }

  /**
   * The account's daily quota of rows read or written is spent: the remote refuses every query
   * until the quota resets at {@link #resetAt()}, so sync holds until then instead of retrying.
   *
   * <p>A kind of {@link Unavailable} whose {@link #retryAfter()} is the time left until the reset,
   * so a caller that only knows {@link Unavailable} already waits long enough.
   */
  public static class QuotaExhausted extends Unavailable {
    private static final long serialVersionUID = 1L;

    /** Which of the day's quotas is spent. */
    public enum Limit {
      /** Rows read. */
      READ,
      /** Rows written. */
      WRITE
    }

    private final Limit limit;
    private final Instant resetAt;

    /**
     * @param limit which quota is spent
     * @param resetAt when the remote accepts queries again
     * @param retryAfter the time from now until {@code resetAt}
     */
    public QuotaExhausted(
        String message,
        Integer code,
        Limit limit,
        Instant resetAt,
        java.time.Duration retryAfter,
        Throwable cause) {
      super(message, code, Objects.requireNonNull(retryAfter, "retryAfter"), cause);
      this.limit = Objects.requireNonNull(limit, "limit");
      this.resetAt = Objects.requireNonNull(resetAt, "resetAt");
    }

    /** Which quota is spent: rows read or rows written. */
    public Limit limit() {
      return limit;
    }

    /** When the quota resets and the remote accepts queries again. */
    public Instant resetAt() {
      return resetAt;
    }
  }
}
