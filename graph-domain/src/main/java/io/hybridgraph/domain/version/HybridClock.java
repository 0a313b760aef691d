package io.hybridgraph.domain.version;

import java.time.Clock;
import java.util.Objects;

/**
 * Issues strictly increasing {@link Hlc} timestamps for one device and folds in timestamps seen
 * from other devices, so a write made after seeing another always orders after it.
 *
 * <p>Thread-safe. Starts from the last timestamp the device persisted, so restarting with a clock
 * that went backwards never issues a timestamp that was already used.
 */
public final class HybridClock {

  private final Clock wall;
  private final DeviceId device;
  private Hlc last;

  public HybridClock(Clock wall, DeviceId device, Hlc lastIssued) {
    this.wall = Objects.requireNonNull(wall, "wall");
    this.device = Objects.requireNonNull(device, "device");
    this.last = lastIssued != null ? lastIssued : new Hlc(0, 0, device);
  }

  public HybridClock(Clock wall, DeviceId device) {
    this(wall, device, null);
  }

  public DeviceId device() {
    return device;
  }

  /** A timestamp greater than every one issued or observed so far. */
  public synchronized Hlc now() {
    last = advance(last.wallMillis(), last.counter());
    return last;
  }

  /** Folds in a timestamp from elsewhere; later {@link #now()} values order after it. */
  public synchronized void observe(Hlc remote) {
    if (remote.compareTo(last) > 0) {
      last = new Hlc(remote.wallMillis(), remote.counter(), device);
    }
  }

  /** The most recent timestamp issued or observed, stamped with this device. */
  public synchronized Hlc last() {
    return last;
  }

  private Hlc advance(long lastWall, int lastCounter) {
    long physical = Math.min(wall.millis(), Hlc.MAX_WALL);
    if (physical > lastWall) {
      return new Hlc(physical, 0, device);
    }
    if (lastCounter < Hlc.MAX_COUNTER) {
      return new Hlc(lastWall, lastCounter + 1, device);
    }
    // The counter is exhausted within one millisecond: move the logical wall forward by one.
    return new Hlc(lastWall + 1, 0, device);
  }
}
