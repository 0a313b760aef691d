package io.hybridgraph.d1;

import io.hybridgraph.domain.port.out.RemoteGraphException.QuotaExhausted;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises D1's refusal once the account's daily quota of rows read or written is spent (on the
 * Workers Free plan: HTTP 400, code 7500, "Your account has exceeded daily row read limit.", or
 * "write"), and turns it into {@link QuotaExhausted} until the quota resets at 00:00 UTC.
 */
final class DailyQuota {

  /** Lenient about wording: "exceeded (the) daily row(s) read/write limit" in any case. */
  private static final Pattern SPENT =
      Pattern.compile(
          "exceeded (?:the |its |your )?daily (?:d1 )?rows? (read|write|written)",
          Pattern.CASE_INSENSITIVE);

  private DailyQuota() {}

  /** Which quota a D1 error message says is spent; empty when it says something else. */
  static Optional<QuotaExhausted.Limit> spent(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher matcher = SPENT.matcher(message);
    if (!matcher.find()) {
      return Optional.empty();
    }
    return Optional.of(
        matcher.group(1).toLowerCase(Locale.ROOT).equals("read")
            ? QuotaExhausted.Limit.READ
            : QuotaExhausted.Limit.WRITE);
  }

  /** The next 00:00 UTC after {@code now}, when D1 resets the daily quotas. */
  static Instant nextReset(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC)
        .plusDays(1)
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant();
  }

  /** The failure for a spent quota, holding sync until the next reset. */
  static QuotaExhaustedRemoteException exhausted(
      QuotaExhausted.Limit limit,
      Clock clock,
      int status,
      int code,
      String remoteMessage,
      String operation,
      String detail) {
    Instant now = clock.instant();
    Instant reset = nextReset(now);
    Duration wait = Duration.between(now, reset);
    String what = limit == QuotaExhausted.Limit.READ ? "rows read" : "rows written";
    return new QuotaExhaustedRemoteException(
        "D1 refused to "
            + operation
            + ": the Cloudflare account has spent its daily quota of "
            + what
            + " ("
            + detail
            + "); sync holds until the quota resets at "
            + reset
            + " (in "
            + wait.toHoursPart()
            + " h "
            + wait.toMinutesPart()
            + " min)",
        status,
        code,
        remoteMessage,
        limit,
        reset,
        wait);
  }
}
