package io.hybridgraph.domain.port.out;

import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.replica.HoldReason;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows this device's view holds back from the replicated state, and why: live everywhere else,
 * not shown here while the reason holds (see {@link HoldReason}). Read-only; holds lapse by
 * themselves, held mass deletions through {@link HeldDeletions}.
 */
public interface ViewHolds {

  /** One held row. {@code awaiting} names the memory a {@code MEMORY_MISSING} hold waits for. */
  record Held(RowKey key, HoldReason reason, Optional<MemoryHash> awaiting, long heldAtMillis) {}

  /** Held rows per reason; reasons without rows are left out. */
  Map<HoldReason, Long> counts();

  /** Up to {@code limit} held rows, in key order. */
  List<Held> list(int limit);
}
