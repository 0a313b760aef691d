package io.hybridgraph.sync.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand; {@link #skewed} views share it with a fixed offset. */
final class MutableClock extends Clock {

  private final AtomicLong millis;
  private final long offset;

  MutableClock(long startMillis) {
    this(new AtomicLong(startMillis), 0);
  }

  private MutableClock(AtomicLong millis, long offset) {
    this.millis = millis;
    this.offset = offset;
  }

  /** A view of this clock that reads {@code skew} ahead (or behind, if negative). */
  MutableClock skewed(Duration skew) {
    return new MutableClock(millis, offset + skew.toMillis());
  }

  void advance(Duration duration) {
    millis.addAndGet(duration.toMillis());
  }

  @Override
  public long millis() {
    return millis.get() + offset;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
