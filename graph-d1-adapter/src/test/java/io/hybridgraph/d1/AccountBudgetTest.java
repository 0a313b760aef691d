package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.d1.AccountBudget.Hold;
import io.hybridgraph.domain.version.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountBudgetTest {

  private static final long T0 = Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();

  private final SettableClock clock = new SettableClock(T0);
  private final AccountBudget budget = new AccountBudget(clock);

  @Test
  void beforeAnyReply_nothingIsKnown_andRequestsGo() {
    assertThat(budget.hold(0.25)).isEmpty();
    assertThat(budget.snapshot(0.25)).isEqualTo(D1Budget.unknown());
    assertThat(budget.snapshot(0.25).known()).isFalse();
  }

  @Test
  void aboveTheReserve_requestsGo_andTheSnapshotSaysWhatIsLeft() {
    budget.observe(200, headers(301, 42, 1200, 300));

    D1Budget snapshot = budget.snapshot(0.25);

    assertThat(budget.hold(0.25)).isEmpty();
    assertThat(snapshot.remaining()).hasValue(301);
    assertThat(snapshot.quota()).hasValue(1200);
    assertThat(snapshot.window()).contains(Duration.ofMinutes(5));
    assertThat(snapshot.resetAt()).contains(Instant.ofEpochMilli(T0 + 42_000));
    assertThat(snapshot.observedAt()).contains(Instant.ofEpochMilli(T0));
    assertThat(snapshot.limited()).isFalse();
  }

  @Test
  void atTheReserve_requestsAreHeldUntilTheWindowResets_sayingWhy() {
    budget.observe(200, headers(300, 42, 1200, 300));
    clock.advance(2_000);

    Hold hold = budget.hold(0.25).orElseThrow();

    assertThat(hold.until()).isEqualTo(Instant.ofEpochMilli(T0 + 42_000));
    assertThat(hold.delay()).isEqualTo(Duration.ofSeconds(40));
    assertThat(hold.reason())
        .contains(
            "budget is down to its reserve",
            "300 of 1200 requests left",
            "resets in 40 s",
            "keep 300",
            "budgetReserveFraction 0.25");
    assertThat(budget.snapshot(0.25).limitedUntil()).contains(hold.until());
  }

  @Test
  void aSmallerReserve_letsMoreRequestsGo() {
    budget.observe(200, headers(300, 42, 1200, 300));

    assertThat(budget.hold(0.1)).isEmpty();
    assertThat(budget.hold(0.0)).isEmpty();
  }

  @Test
  void onceTheWindowHasReset_theOldReadingHoldsNothing() {
    budget.observe(200, headers(0, 10, 1200, 300));
    assertThat(budget.hold(0.25)).isPresent();

    clock.advance(10_000);

    assertThat(budget.hold(0.25)).isEmpty();
  }

  @Test
  void withoutAPolicy_onlyAnEmptyBudgetHolds() {
    budget.observe(200, Map.of("ratelimit", List.of("\"default\";r=1;t=30")));
    assertThat(budget.hold(0.25)).isEmpty();

    budget.observe(200, Map.of("ratelimit", List.of("\"default\";r=0;t=30")));

    assertThat(budget.hold(0.25).orElseThrow().reason()).contains("0 of ? requests left");
  }

  @Test
  void repliesWithoutHeaders_orWithMalformedOnes_keepTheLastReading() {
    budget.observe(200, headers(100, 60, 1200, 300));

    budget.observe(200, Map.of());
    budget.observe(200, Map.of("ratelimit", List.of("\"default\";r=oops;t=1")));

    assertThat(budget.snapshot(0.25).remaining()).hasValue(100);
    assertThat(budget.hold(0.25)).isPresent();
  }

  @Test
  void aLaterReply_replacesTheReading() {
    budget.observe(200, headers(100, 60, 1200, 300));
    clock.advance(1_000);

    budget.observe(200, headers(1199, 300, 1200, 300));

    assertThat(budget.hold(0.25)).isEmpty();
    assertThat(budget.snapshot(0.25).observedAt()).contains(Instant.ofEpochMilli(T0 + 1_000));
  }

  @Test
  void a429WithRetryAfter_holdsRequestsThatLong_evenWithoutRatelimitHeaders() {
    budget.observe(429, Map.of("Retry-After", List.of("300")));
    clock.advance(100_000);

    Hold hold = budget.hold(0.25).orElseThrow();

    assertThat(hold.until()).isEqualTo(Instant.ofEpochMilli(T0 + 300_000));
    assertThat(hold.delay()).isEqualTo(Duration.ofSeconds(200));
    assertThat(hold.reason()).contains("429", "resume in 200 s");
    clock.advance(200_000);
    assertThat(budget.hold(0.25)).isEmpty();
  }

  @Test
  void retryAfterOnAnotherStatus_isNotABlock() {
    budget.observe(503, Map.of("Retry-After", List.of("300")));

    assertThat(budget.hold(0.25)).isEmpty();
  }

  @Test
  void aShorter429_neverShortensALongerBlock() {
    budget.observe(429, Map.of("Retry-After", List.of("300")));
    budget.observe(429, Map.of("Retry-After", List.of("5")));

    assertThat(budget.hold(0.25).orElseThrow().until())
        .isEqualTo(Instant.ofEpochMilli(T0 + 300_000));
  }

  @Test
  void sharedBudgets_areOnePerKey() {
    assertThat(AccountBudget.shared("https://a#1")).isSameAs(AccountBudget.shared("https://a#1"));
    assertThat(AccountBudget.shared("https://a#1"))
        .isNotSameAs(AccountBudget.shared("https://a#2"));
  }

  private static Map<String, Collection<String>> headers(
      long remaining, long reset, long quota, long window) {
    Map<String, Collection<String>> out = new HashMap<>();
    out.put("Ratelimit", List.of("\"default\";r=" + remaining + ";t=" + reset));
    out.put("Ratelimit-Policy", List.of("\"default\";q=" + quota + ";w=" + window));
    return out;
  }
}
