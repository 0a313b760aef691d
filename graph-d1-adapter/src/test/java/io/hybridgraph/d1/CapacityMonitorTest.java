package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CapacityMonitorTest {

  private final MovableClock clock = new MovableClock();
  private final AtomicLong infoSize = new AtomicLong(1_000);
  private final AtomicInteger infoCalls = new AtomicInteger();
  private final CapacityMonitor monitor =
      new CapacityMonitor(
          D1Config.builder("a", "b", ApiToken.of("t")).databaseSizeLimitBytes(1_000_000).build(),
          clock);

  {
    monitor.sizeSource(
        () -> {
          infoCalls.incrementAndGet();
          return infoSize.get();
        });
  }

  @Test
  void unknownSize_isAskedOnce_beforeTheFirstPush() {
    assertThat(monitor.status().level()).isEqualTo(CapacityStatus.Level.UNKNOWN);

    monitor.checkPushAllowed();
    monitor.checkPushAllowed();

    assertThat(infoCalls).hasValue(1);
    assertThat(monitor.status().level()).isEqualTo(CapacityStatus.Level.OK);
    assertThat(monitor.status().usedBytes()).hasValue(1_000);
  }

  @Test
  void levels_followTheConfiguredFractions() {
    monitor.observe(799_999);
    assertThat(monitor.status().level()).isEqualTo(CapacityStatus.Level.OK);
    monitor.observe(800_000);
    assertThat(monitor.status().level()).isEqualTo(CapacityStatus.Level.WARNING);
    assertThat(monitor.status().message()).contains("80.0%", "warning level", "pushes stop at 95%");
    monitor.observe(950_000);
    assertThat(monitor.status().level()).isEqualTo(CapacityStatus.Level.REFUSING);
    assertThat(monitor.status().fraction()).contains(0.95);
  }

  @Test
  void atTheRefuseFraction_pushesAreRefusedWithAClearMessage() {
    monitor.observe(960_000);

    RemoteCapacityException e =
        catchThrowableOfType(RemoteCapacityException.class, monitor::checkPushAllowed);

    assertThat(e.usedBytes()).isEqualTo(960_000);
    assertThat(e.limitBytes()).isEqualTo(1_000_000);
    assertThat(e.getMessage())
        .contains(
            "96.0%", "pushes are refused from 95% (sizeRefuseFraction)", "databaseSizeLimitBytes");
    assertThat(infoCalls).hasValue(0);
  }

  @Test
  void refusal_isRecheckedAfterAMinute_andLiftsWhenSpaceIsFreed() {
    monitor.observe(990_000);
    clock.advance(Duration.ofSeconds(30));
    catchThrowableOfType(RemoteCapacityException.class, monitor::checkPushAllowed);
    assertThat(infoCalls).hasValue(0);

    infoSize.set(500_000);
    clock.advance(Duration.ofSeconds(31));
    monitor.checkPushAllowed();

    assertThat(infoCalls).hasValue(1);
    assertThat(monitor.status().level()).isEqualTo(CapacityStatus.Level.OK);
  }

  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
