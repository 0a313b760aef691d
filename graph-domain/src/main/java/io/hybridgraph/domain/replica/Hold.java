package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.MemoryHash;
import java.util.Objects;
import java.util.Optional;

/**
 * Why this device's view holds back one replicated live row: the reason, and for {@link
 * HoldReason#MEMORY_MISSING} the memory it waits for.
 */
public record Hold(HoldReason reason, Optional<MemoryHash> awaiting) {

  public Hold {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(awaiting, "awaiting");
    if (awaiting.isPresent() != (reason == HoldReason.MEMORY_MISSING)) {
      throw new IllegalArgumentException(
          "a hold names the memory it waits for exactly when its reason is "
              + HoldReason.MEMORY_MISSING
              + ", was "
              + reason
              + " awaiting "
              + awaiting.map(MemoryHash::value).orElse("nothing"));
    }
  }

  /** A hold for a reason that waits for no particular memory. */
  public static Hold of(HoldReason reason) {
    return new Hold(reason, Optional.empty());
  }

  /** A hold until {@code memory} has a row in the {@code memories} table. */
  public static Hold awaiting(MemoryHash memory) {
    return new Hold(HoldReason.MEMORY_MISSING, Optional.of(memory));
  }
}
