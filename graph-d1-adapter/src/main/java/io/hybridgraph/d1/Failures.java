package io.hybridgraph.d1;

import io.hybridgraph.domain.port.out.RemoteGraphException;

/** Conversions shared by the {@link D1Failure} exceptions. */
final class Failures {

  private Failures() {}

  /** The D1 error code as an int, 0 when there was none. */
  static int codeOf(RemoteGraphException e) {
    return e.code().orElse(0);
  }

  /** The domain base takes null for "no code". */
  static Integer boxCode(int code) {
    return code == 0 ? null : code;
  }
}
