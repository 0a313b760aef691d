package io.hybridgraph.d1;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether one statement shape that sync relies on works on the configured D1 ({@link
 * D1Remote#probe()}). Immutable.
 *
 * @param shape what was tried, in words ("a batch with parameters of each JSON type", ...)
 * @param passed whether D1 ran it and gave the expected answer
 * @param error why not, when it failed: D1's error or the unexpected answer, never the token
 */
public record D1ProbeResult(String shape, boolean passed, Optional<String> error) {

  public D1ProbeResult {
    if (shape == null || shape.isBlank()) {
      throw new IllegalArgumentException("shape must not be blank");
    }
    Objects.requireNonNull(error, "error");
    if (passed == error.isPresent()) {
      throw new IllegalArgumentException(
          "a passed shape has no error and a failed one has one: " + shape);
    }
  }

  static D1ProbeResult pass(String shape) {
    return new D1ProbeResult(shape, true, Optional.empty());
  }

  static D1ProbeResult fail(String shape, String error) {
    return new D1ProbeResult(shape, false, Optional.of(error));
  }
}
