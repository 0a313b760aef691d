package io.hybridgraph.sync.port.in;

import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Why a sync round failed, grouped by what can be done about it. The {@link #label()} is what the
 * status, the events and the metrics show.
 */
public enum FailureCategory {
  /** The cloud did not answer, or asked to wait: sync retries with backoff. */
  UNAVAILABLE,
  /** The cloud refused a request as it is. */
  REJECTED,
  /** The cloud refused this device's credentials or database id: sync is held until fixed. */
  ACCESS_DENIED,
  /** The cloud database is at its size limit: pushes wait until space is freed. */
  FULL,
  /** The local database failed or is in a wrong state (a disk failure, a closed store). */
  LOCAL_STORE,
  /** A value broke a rule of the graph (a row that cannot be read, say). */
  INVALID_DATA,
  /** Anything else: a defect of this program. */
  INTERNAL;

  /** The category in lower snake case: {@code access_denied}, {@code local_store}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The category of a failure, by its type. */
  public static FailureCategory of(Throwable failure) {
    if (failure instanceof RemoteGraphException.AccessDenied) {
      return ACCESS_DENIED;
    } else if (failure instanceof RemoteGraphException.Rejected) {
      return REJECTED;
    } else if (failure instanceof RemoteGraphException.Full) {
      return FULL;
    } else if (failure instanceof RemoteGraphException) {
      return UNAVAILABLE;
    } else if (failure instanceof IllegalArgumentException) {
      return INVALID_DATA;
    } else if (failure instanceof IllegalStateException
        || failure instanceof UncheckedIOException) {
      return LOCAL_STORE;
    }
    return INTERNAL;
  }
}
