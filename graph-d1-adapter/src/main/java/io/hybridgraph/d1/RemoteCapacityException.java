package io.hybridgraph.d1;

import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A push was refused before it was sent because the D1 database is at or above the refuse fraction
 * of its configured size limit. Pushes resume by themselves once D1 reports a smaller size (asked
 * again at most once a minute) or the limit is raised.
 */
final class RemoteCapacityException extends RemoteGraphException.Full implements D1Failure {

  private static final long serialVersionUID = 1L;

  private final long usedBytes;
  private final long limitBytes;

  public RemoteCapacityException(String message, long usedBytes, long limitBytes) {
    super(message, null);
    this.usedBytes = usedBytes;
    this.limitBytes = limitBytes;
  }

  /** The database size last reported by D1. */
  public long usedBytes() {
    return usedBytes;
  }

  /** The configured size limit. */
  public long limitBytes() {
    return limitBytes;
  }

  @Override
  public OptionalInt httpStatus() {
    return OptionalInt.empty();
  }

  @Override
  public Optional<String> remoteMessage() {
    return Optional.empty();
  }
}
