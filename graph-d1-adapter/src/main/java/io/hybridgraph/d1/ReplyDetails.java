package io.hybridgraph.d1;

import java.io.Serializable;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a {@link D1Failure} keeps of D1's reply: the HTTP status and D1's own message. The D1
 * exceptions extend different domain categories, so each holds one of these and answers {@link
 * D1Failure} from it. Immutable.
 */
final class ReplyDetails implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String remoteMessage;

  /**
   * @param httpStatus the reply's HTTP status, or 0 when no reply arrived
   * @param remoteMessage D1's error message, or null
   */
  ReplyDetails(int httpStatus, String remoteMessage) {
    this.httpStatus = httpStatus;
    this.remoteMessage = remoteMessage;
  }

  OptionalInt httpStatus() {
    return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  Optional<String> remoteMessage() {
    return Optional.ofNullable(remoteMessage);
  }
}
