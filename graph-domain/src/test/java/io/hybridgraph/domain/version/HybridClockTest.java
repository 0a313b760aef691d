package io.hybridgraph.domain.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HybridClockTest {

  private static final DeviceId SELF = new DeviceId("dev-m");

  private final SettableClock wall = new SettableClock(1_000);
  private final HybridClock clock = new HybridClock(wall, SELF);

  @Test
  void now_wallClockAhead_takesWallTimeWithCounterZero() {
    assertThat(clock.now()).isEqualTo(new Hlc(1_000, 0, SELF));
    wall.set(1_005);
    assertThat(clock.now()).isEqualTo(new Hlc(1_005, 0, SELF));
  }

  @Test
  void now_wallClockStandsStill_countsUp() {
    clock.now();
    assertThat(clock.now()).isEqualTo(new Hlc(1_000, 1, SELF));
    assertThat(clock.now()).isEqualTo(new Hlc(1_000, 2, SELF));
  }

  @Test
  void now_wallClockGoesBackwards_keepsTheLastWallTimeAndCountsUp() {
    clock.now();
    wall.set(400);
    assertThat(clock.now()).isEqualTo(new Hlc(1_000, 1, SELF));
  }

  @Test
  void now_counterExhaustedWithinOneMillisecond_movesTheLogicalWallOn() {
    HybridClock nearlyExhausted =
        new HybridClock(wall, SELF, new Hlc(1_000, Hlc.MAX_COUNTER - 1, SELF));

    assertThat(nearlyExhausted.now()).isEqualTo(new Hlc(1_000, Hlc.MAX_COUNTER, SELF));
    assertThat(nearlyExhausted.now()).isEqualTo(new Hlc(1_001, 0, SELF));
    assertThat(nearlyExhausted.now()).isEqualTo(new Hlc(1_001, 1, SELF));
  }

  @Test
  void restart_withTheLastPersistedClock_neverIssuesItAgain() {
    Hlc persisted = new Hlc(9_000, 3, SELF);

    HybridClock restarted = new HybridClock(wall, SELF, persisted);

    assertThat(restarted.now()).isEqualTo(new Hlc(9_000, 4, SELF));
  }

  @Test
  void observe_remoteClockAhead_nextNowOrdersRightAfterIt() {
    clock.now();
    Hlc remote = new Hlc(7_000, 7, new DeviceId("dev-z"));

    clock.observe(remote);

    assertThat(clock.last()).isEqualTo(new Hlc(7_000, 7, SELF));
    assertThat(clock.now()).isEqualTo(new Hlc(7_000, 8, SELF)).isGreaterThan(remote);
  }

  @Test
  void observe_remoteClockBehind_changesNothing() {
    Hlc issued = clock.now();

    clock.observe(new Hlc(500, 9, new DeviceId("dev-z")));

    assertThat(clock.last()).isEqualTo(issued);
    assertThat(clock.now()).isEqualTo(new Hlc(1_000, 1, SELF));
  }

  @Test
  void observe_remoteWithExhaustedCounter_nextNowMovesTheWallOn() {
    clock.observe(new Hlc(2_000, Hlc.MAX_COUNTER, new DeviceId("dev-z")));

    assertThat(clock.now()).isEqualTo(new Hlc(2_001, 0, SELF));
  }
}
