package io.hybridgraph.d1;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Cloudflare account's API budget as the latest reply reported it ({@code Ratelimit} and {@code
 * Ratelimit-Policy} headers), and whether this process holds its D1 requests because of it. The
 * budget is the user's, shared with the dashboard, wrangler and every other program and device of
 * that user; this process reads it from every reply and keeps one snapshot per token and base URL.
 * Immutable.
 *
 * @param remaining requests left in the window when the reply was observed; empty until a reply
 *     said so
 * @param quota requests the account may send per window; empty until a reply said so
 * @param window the length of the window; empty until a reply said so
 * @param resetAt when the window of that reply ends and the full quota is back
 * @param observedAt when that reply arrived
 * @param limitedUntil while this process holds its requests (the budget is down to the reserve it
 *     keeps for the user's other tools, or a 429 asked it to wait): when it sends again; empty when
 *     requests go out
 */
public record D1Budget(
    OptionalLong remaining,
    OptionalLong quota,
    Optional<Duration> window,
    Optional<Instant> resetAt,
    Optional<Instant> observedAt,
    Optional<Instant> limitedUntil) {

  public D1Budget {
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(quota, "quota");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(resetAt, "resetAt");
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(limitedUntil, "limitedUntil");
    if (remaining.isPresent() != resetAt.isPresent()
        || remaining.isPresent() != observedAt.isPresent()) {
      throw new IllegalArgumentException(
          "remaining, resetAt and observedAt come from one reply: all present or all empty");
    }
    if (quota.isPresent() != window.isPresent()) {
      throw new IllegalArgumentException("quota and window come from one policy: both or neither");
    }
  }

  /** Nothing known yet: no reply has reported the budget. */
  public static D1Budget unknown() {
    return new D1Budget(
        OptionalLong.empty(),
        OptionalLong.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Whether a reply has reported the remaining budget. */
  public boolean known() {
    return remaining.isPresent();
  }

  /** Whether this process holds its requests until {@link #limitedUntil()}. */
  public boolean limited() {
    return limitedUntil.isPresent();
  }
}
