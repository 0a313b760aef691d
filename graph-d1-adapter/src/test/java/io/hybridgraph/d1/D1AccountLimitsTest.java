package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Extension;
import io.hybridgraph.domain.port.out.RemoteGraph.PushBatch;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.port.out.RemoteGraphException.QuotaExhausted;
import io.hybridgraph.domain.version.DeviceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The account's limits as the local D1 emulates them ({@code /__account}): the API budget of every
 * program of the user, read from each reply's {@code Ratelimit} headers, and the Free plan's daily
 * row quotas. Each front here has a private budget, so what it learns stays in this test.
 */
@ExtendWith(LocalD1Extension.class)
class D1AccountLimitsTest {

  private static final DeviceId DEVICE = new DeviceId("limited");
  private static final Instant LATE_EVENING = Instant.parse("2026-03-01T22:30:00Z");

  private final LocalD1Database local;
  private D1Remote remote;

  D1AccountLimitsTest(LocalD1Database local) {
    this.local = local;
  }

  @BeforeEach
  void migrate() {
    local.reset();
    local.accountLimitsOff();
    remote = privateFront(local.config().build(), Clock.systemUTC());
    remote.migrateSchema();
  }

  @AfterEach
  void limitsOff() {
    local.accountLimitsOff();
  }

  @Test
  void withoutBudgetHeaders_nothingIsKnown_andNothingIsHeld() {
    remote.checkQueryAccess();

    assertThat(remote.budget().known()).isFalse();
    assertThat(remote.budget().limited()).isFalse();
  }

  @Test
  void requestsStopAtTheReserve_beforeTheAccountIsRateLimited() {
    local.accountLimits("40/20/20", "off");

    int sent = 0;
    RetryableRemoteException held = null;
    while (held == null && sent < 100) {
      try {
        remote.checkQueryAccess();
        sent++;
      } catch (RetryableRemoteException e) {
        held = e;
      }
    }

    // Each reply says what is left after it; at 10 of 40 (a quarter) the front stops sending.
    assertThat(sent).isEqualTo(30);
    assertThat(held).isNotNull();
    assertThat(held.httpStatus()).isEmpty();
    assertThat(held.getMessage()).contains("not sent", "10 of 40 requests left", "resets in");
    assertThat(held.retryAfter())
        .hasValueSatisfying(
            wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20)));
    assertThat(local.account().path("rateLimit").path("used").asInt()).isEqualTo(30);
    assertThat(local.account().path("rateLimit").path("refused").asInt()).isZero();
    D1Budget budget = remote.budget();
    assertThat(budget.remaining()).hasValue(10);
    assertThat(budget.quota()).hasValue(40);
    assertThat(budget.window()).contains(Duration.ofSeconds(20));
    assertThat(budget.limitedUntil()).isPresent().isEqualTo(budget.resetAt());
  }

  @Test
  void aSpentAccount_answers429_andTheFrontWaitsOutTheBlockWithoutSending() {
    local.accountLimits("5/20/20", "off");
    for (int i = 0; i < 5; i++) {
      local.execute("SELECT 1"); // another program of the same user spends the budget
    }

    RetryableRemoteException limited =
        catchThrowableOfType(RetryableRemoteException.class, remote::checkQueryAccess);
    long refusedBefore = local.account().path("rateLimit").path("refused").asLong();
    RetryableRemoteException held =
        catchThrowableOfType(RetryableRemoteException.class, remote::checkQueryAccess);

    assertThat(limited.httpStatus()).hasValue(429);
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(20));
    assertThat(held.httpStatus()).isEmpty();
    assertThat(held.getMessage()).contains("429");
    assertThat(local.account().path("rateLimit").path("refused").asLong()).isEqualTo(refusedBefore);
    assertThat(remote.budget().limitedUntil()).isPresent();
  }

  @Test
  void spentDailyReadQuota_holdsUntilMidnightUtc_sayingWhichQuota() {
    D1Remote evening =
        privateFront(local.config().build(), Clock.fixed(LATE_EVENING, ZoneOffset.UTC));
    evening.graph().push(new PushBatch(DEVICE, 1, PushBenchmark.generate(50, 1)));
    local.accountLimits("off", "30/1000000");
    evening.graph().pull(0, 100); // reads 50 rows: the day's 30 are spent

    QuotaExhausted e =
        catchThrowableOfType(QuotaExhausted.class, () -> evening.graph().pull(0, 100));

    assertThat(e).isInstanceOf(RemoteGraphException.Unavailable.class);
    assertThat(e.limit()).isEqualTo(QuotaExhausted.Limit.READ);
    assertThat(e.resetAt()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(e.retryAfter()).contains(Duration.ofMinutes(90));
    assertThat(e.code()).contains(7500);
    assertThat(e.getMessage())
        .contains("daily quota of rows read", "sync holds until the quota resets at")
        .contains("2026-03-02T00:00:00Z", "in 1 h 30 min")
        .doesNotContain(local.token());
    assertThat(((D1Failure) e).httpStatus()).hasValue(400);
  }

  @Test
  void spentDailyWriteQuota_isTheWriteQuota() {
    D1Remote evening =
        privateFront(local.config().build(), Clock.fixed(LATE_EVENING, ZoneOffset.UTC));
    local.accountLimits("off", "1000000/5");
    evening.graph().push(new PushBatch(DEVICE, 1, PushBenchmark.generate(3, 2)));

    QuotaExhausted e =
        catchThrowableOfType(
            QuotaExhausted.class,
            () -> evening.graph().push(new PushBatch(DEVICE, 2, PushBenchmark.generate(3, 3))));

    assertThat(e.limit()).isEqualTo(QuotaExhausted.Limit.WRITE);
    assertThat(e.getMessage()).contains("daily quota of rows written");
  }

  private static D1Remote privateFront(D1Config config, Clock clock) {
    return D1Remote.create(config, clock, RequestRateLimiter.system(1_000, Duration.ofMinutes(5)));
  }
}
