package io.hybridgraph.domain.version;

import java.util.UUID;

/**
 * Names a replica: 1 to {@value #MAX_LENGTH} characters from {@code [A-Za-z0-9_-]}. Its only job in
 * ordering is to break ties between clocks, identically on every device and in D1's SQL.
 */
public record DeviceId(String value) implements Comparable<DeviceId> {

  public static final int MAX_LENGTH = 64;

  public DeviceId {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("device id must not be empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "device id must be at most " + MAX_LENGTH + " characters, was " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!ok) {
        throw new IllegalArgumentException(
            "device id may only contain letters, digits, '_' and '-', found '"
                + c
                + "' in '"
                + value
                + "'");
      }
    }
  }

  /** A new random device id. */
  public static DeviceId random() {
    return new DeviceId(UUID.randomUUID().toString());
  }

  @Override
  public int compareTo(DeviceId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
