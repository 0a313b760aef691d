package io.hybridgraph.domain.port.out;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replicated state of the local graph: merges rows received from elsewhere and reads rows for
 * sending. Rows merged here change what the device shows but are never queued to be pushed back.
 */
public interface ReplicaStore {

  /** Merges rows in one transaction; returns those that changed local state. */
  default List<ReplicatedRow> merge(Collection<ReplicatedRow> rows) {
    return merge(rows, Map.of());
  }

  /**
   * Merges rows and sets the given sync state values in the same transaction, so that a pull cursor
   * moves exactly when the rows it covers are merged.
   */
  List<ReplicatedRow> merge(Collection<ReplicatedRow> rows, Map<String, String> stateUpdates);

  /** A keyset page of replicated rows (tombstones included) ordered by key. */
  List<ReplicatedRow> rows(Optional<RowKey> after, int limit);

  /** The current replicated rows for the given keys (absent keys are left out). */
  List<ReplicatedRow> rows(Collection<RowKey> keys);

  long rowCount();

  /** How many replicated rows come after {@code after} in key order (all when empty). */
  long rowCountAfter(Optional<RowKey> after);

  /** The digest of every non-empty bucket ({@link RowDigest}), by bucket number. */
  Map<Integer, RowDigest.BucketDigest> bucketDigests();

  /** Every replicated row of one bucket, in key order. */
  List<ReplicatedRow> bucketRows(int bucket);
}
