package io.hybridgraph.domain.port.out;

import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import io.hybridgraph.domain.version.DeviceId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The cloud copy of the graph through which devices converge (Cloudflare D1 in production).
 *
 * <p>The remote applies the same merge rule as every device, so pushing a row it already has, or an
 * older one, changes nothing; every row it accepts gets the next value of a server-assigned,
 * strictly increasing sequence, which devices pull by.
 */
public interface RemoteGraph {

  /**
   * Merges a batch in one remote transaction and records the device's progress in that same
   * transaction, so re-sending a batch whose acknowledgement was lost is harmless.
   */
  PushResult push(PushBatch batch);

  /** Accepted changes with a sequence greater than {@code cursor}, oldest first. */
  ChangePage pull(long cursor, int limit);

  /**
   * Like {@link #pull}, without the changes whose clock names {@code writer}: for a device's
   * initial download, which need not fetch back the rows it has just uploaded itself. {@code
   * lastSequence} still moves past the changes left out, so a page may be empty while {@code
   * hasMore} is true: pull again after {@code lastSequence} while {@code hasMore}, never stop at an
   * empty page.
   *
   * <p>The default pulls and filters; a remote that can leave the rows out itself (D1) overrides it
   * to save the transfer and requests.
   */
  default ChangePage pullExcept(long cursor, int limit, DeviceId writer) {
    Objects.requireNonNull(writer, "writer");
    ChangePage page = pull(cursor, limit);
    List<Change> others =
        page.changes().stream()
            .filter(change -> !change.row().version().clock().device().equals(writer))
            .toList();
    return new ChangePage(others, page.lastSequence(), page.hasMore());
  }

  /** The sequence of the latest accepted change (0 when there is none): where the feed ends now. */
  long headSequence();

  /** The digest of every non-empty bucket ({@link RowDigest}), by bucket number. */
  Map<Integer, RowDigest.BucketDigest> bucketDigests();

  /** Every remote row of one bucket, tombstones included, in key order. */
  List<ReplicatedRow> bucketRows(int bucket);

  /** Rows one device sends in one request; {@code sequence} grows with every batch it sends. */
  record PushBatch(DeviceId device, long sequence, List<ReplicatedRow> rows) {
    public PushBatch {
      Objects.requireNonNull(device, "device");
      rows = List.copyOf(rows);
    }
  }

  /**
   * What a push did: how many rows replaced remote state, the remote size afterwards, and whether
   * the remote had already recorded this batch (a re-send).
   */
  record PushResult(int accepted, long sizeAfterBytes, boolean alreadyApplied) {}

  /** One accepted change and its sequence in the change feed. */
  record Change(long sequence, ReplicatedRow row) {}

  /** A page of the change feed; pull again after {@code lastSequence} while {@code hasMore}. */
  record ChangePage(List<Change> changes, long lastSequence, boolean hasMore) {
    public ChangePage {
      changes = List.copyOf(changes);
    }
  }
}
