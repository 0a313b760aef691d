package io.hybridgraph.d1;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Cloudflare account's API budget as the replies report it, and the rule that holds requests
 * before it runs out.
 *
 * <p>Cloudflare counts API requests per user (1,200 per 5 minutes), across the dashboard, wrangler,
 * every token and every program of that user, and blocks all of them for 5 minutes once the budget
 * is spent. Every reply says what is left ({@code Ratelimit: "default";r=..;t=..}) and the quota
 * ({@code Ratelimit-Policy: "default";q=..;w=..}). This keeps the latest of each and refuses to
 * send while the remaining requests are at or below a reserve kept for the user's other tools
 * (until the window resets), or while a 429 asked to wait ({@code Retry-After}). Replies without
 * the headers change nothing; a snapshot is ignored once its window has reset, so a stale reading
 * never holds requests longer than one window.
 *
 * <p>One instance per token and base URL in the process ({@link #shared}), as the client-side
 * {@link RequestRateLimiter}. Thread-safe.
 */
final class AccountBudget {

  private static final Map<String, AccountBudget> SHARED = new ConcurrentHashMap<>();

  private final Clock clock;

  private ReplyHeaders.Remaining remaining;
  private Instant observedAt;
  private Instant resetAt;
  private ReplyHeaders.Policy policy;
  private Instant blockedUntil;

  AccountBudget(Clock clock) {
    this.clock = clock;
  }

  /** The budget of every client of {@code key} (base URL and token fingerprint) in the process. */
  static AccountBudget shared(String key) {
    return SHARED.computeIfAbsent(key, k -> new AccountBudget(Clock.systemUTC()));
  }

  /** Why and until when requests are held. */
  record Hold(Instant until, Duration delay, String reason) {}

  /** Records what one reply says about the budget; never fails. */
  void observe(int status, Map<String, Collection<String>> headers) {
    Instant now = clock.instant();
    Optional<ReplyHeaders.Remaining> reading = ReplyHeaders.remaining(headers);
    Optional<ReplyHeaders.Policy> stated = ReplyHeaders.policy(headers);
    Optional<Duration> retryAfter =
        status == 429 ? ReplyHeaders.retryAfter(headers, clock) : Optional.empty();
    synchronized (this) {
      reading.ifPresent(
          r -> {
            remaining = r;
            observedAt = now;
            resetAt = now.plusSeconds(r.resetSeconds());
          });
      stated.ifPresent(p -> policy = p);
      retryAfter.ifPresent(
          wait -> {
            Instant until = now.plus(wait);
            if (blockedUntil == null || until.isAfter(blockedUntil)) {
              blockedUntil = until;
            }
          });
    }
  }

  /**
   * Whether a request must wait: the account's remaining budget is at or below {@code
   * reserveFraction} of its quota in a window that has not reset yet, or a 429 asked to wait.
   */
  synchronized Optional<Hold> hold(double reserveFraction) {
    Instant now = clock.instant();
    if (blockedUntil != null && now.isBefore(blockedUntil)) {
      Duration wait = Duration.between(now, blockedUntil);
      return Optional.of(
          new Hold(
              blockedUntil,
              wait,
              "Cloudflare answered 429 (the account's API rate limit is exceeded) and asked to"
                  + " wait; D1 requests resume in "
                  + seconds(wait)
                  + " s"));
    }
    if (remaining != null && now.isBefore(resetAt)) {
      long reserve = reserve(reserveFraction);
      if (remaining.remaining() <= reserve) {
        Duration wait = Duration.between(now, resetAt);
        return Optional.of(
            new Hold(
                resetAt,
                wait,
                String.format(
                    Locale.ROOT,
                    "the Cloudflare account's API budget is down to its reserve: %d of %s requests"
                        + " left, resets in %d s; D1 requests are held until then so the user's"
                        + " other tools keep %d (budgetReserveFraction %.2f)",
                    remaining.remaining(),
                    policy == null ? "?" : Long.toString(policy.quota()),
                    seconds(wait),
                    reserve,
                    reserveFraction)));
      }
    }
    return Optional.empty();
  }

  /** What is known now, with when requests resume if they are held. */
  synchronized D1Budget snapshot(double reserveFraction) {
    Optional<Instant> limitedUntil = hold(reserveFraction).map(Hold::until);
    return new D1Budget(
        remaining == null ? OptionalLong.empty() : OptionalLong.of(remaining.remaining()),
        policy == null ? OptionalLong.empty() : OptionalLong.of(policy.quota()),
        policy == null ? Optional.empty() : Optional.of(Duration.ofSeconds(policy.windowSeconds())),
        Optional.ofNullable(resetAt),
        Optional.ofNullable(observedAt),
        limitedUntil);
  }

  /** Requests kept for the user's other tools; 0 while the quota is not known. */
  private long reserve(double reserveFraction) {
    return policy == null ? 0 : (long) Math.ceil(policy.quota() * reserveFraction);
  }

  private static long seconds(Duration wait) {
    return (wait.toMillis() + 999) / 1000;
  }
}
