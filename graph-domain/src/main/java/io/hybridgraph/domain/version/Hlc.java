package io.hybridgraph.domain.version;

import java.util.Objects;

/**
 * A hybrid logical clock timestamp: physical milliseconds, a logical counter and the device that
 * issued it. Totally ordered by (wall, counter, device), so every replica orders two writes the
 * same way whether or not their clocks agree.
 *
 * <p>{@link #encode()} gives fixed-width text ({@code wwwwwwwwwwww.cccc.device}, lower-case hex)
 * whose byte order is the same total order, so SQL can compare versions with {@code >}.
 */
public record Hlc(long wallMillis, int counter, DeviceId device) implements Comparable<Hlc> {

  /** Largest wall time the 12 hex digits of the encoding hold (about the year 10889). */
  public static final long MAX_WALL = 0xFFFF_FFFF_FFFFL;

  public static final int MAX_COUNTER = 0xFFFF;

  public Hlc {
    Objects.requireNonNull(device, "device must not be null");
    if (wallMillis < 0 || wallMillis > MAX_WALL) {
      throw new IllegalArgumentException(
          "clock wall time must be within [0, " + MAX_WALL + "] ms, was " + wallMillis);
    }
    if (counter < 0 || counter > MAX_COUNTER) {
      throw new IllegalArgumentException(
          "clock counter must be within [0, " + MAX_COUNTER + "], was " + counter);
    }
  }

  public String encode() {
    return String.format("%012x.%04x.%s", wallMillis, counter, device.value());
  }

  /**
   * Parses the text made by {@link #encode()}.
   *
   * @throws IllegalArgumentException saying what is malformed
   */
  public static Hlc parse(String text) {
    if (text == null
        || text.length() < 19
        || text.charAt(12) != '.'
        || text.charAt(17) != '.'
        || !isLowerHex(text, 0, 12)
        || !isLowerHex(text, 13, 17)) {
      // Only the canonical text is accepted: a sign or upper-case digit would parse to a clock
      // whose order differs from the order SQL gives the text.
      throw new IllegalArgumentException(
          "clock must look like 'wwwwwwwwwwww.cccc.device', was '" + text + "'");
    }
    long wall = Long.parseLong(text.substring(0, 12), 16);
    int counter = Integer.parseInt(text.substring(13, 17), 16);
    return new Hlc(wall, counter, new DeviceId(text.substring(18)));
  }

  private static boolean isLowerHex(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int compareTo(Hlc other) {
    int byWall = Long.compare(wallMillis, other.wallMillis);
    if (byWall != 0) {
      return byWall;
    }
    int byCounter = Integer.compare(counter, other.counter);
    return byCounter != 0 ? byCounter : device.compareTo(other.device);
  }

  @Override
  public String toString() {
    return encode();
  }
}
