package io.hybridgraph.sync.service;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import io.hybridgraph.domain.version.DeviceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A remote graph in memory with the same merge rule and change feed as the D1 adapter, for fast
 * simulations. Passes the same contract test as the D1 adapter. Thread-safe.
 */
public final class InMemoryRemoteGraph implements RemoteGraph {

  private record Stored(ReplicatedRow row, long sequence) {}

  private final TreeMap<RowKey, Stored> rows = new TreeMap<>();
  private final TreeMap<Long, RowKey> feed = new TreeMap<>();
  private final Map<DeviceId, Long> progress = new HashMap<>();
  private long head;
  private long bytes;
  private int requests;

  @Override
  public synchronized PushResult push(PushBatch batch) {
    requests++;
    boolean alreadyApplied = progress.getOrDefault(batch.device(), 0L) >= batch.sequence();
    int accepted = 0;
    for (ReplicatedRow row : batch.rows()) {
      Stored current = rows.get(row.key());
      if (current == null || current.row().isSupersededBy(row)) {
        if (current != null) {
          feed.remove(current.sequence());
          bytes -= current.row().fingerprint().length();
        }
        long sequence = ++head;
        rows.put(row.key(), new Stored(row, sequence));
        feed.put(sequence, row.key());
        bytes += row.fingerprint().length();
        accepted++;
      }
    }
    progress.merge(batch.device(), batch.sequence(), Math::max);
    return new PushResult(accepted, bytes, alreadyApplied);
  }

  @Override
  public synchronized ChangePage pull(long cursor, int limit) {
    requests++;
    List<Change> changes = new ArrayList<>();
    long last = cursor;
    for (Map.Entry<Long, RowKey> entry : feed.tailMap(cursor, false).entrySet()) {
      if (changes.size() == limit) {
        return new ChangePage(changes, last, true);
      }
      changes.add(new Change(entry.getKey(), rows.get(entry.getValue()).row()));
      last = entry.getKey();
    }
    return new ChangePage(changes, last, false);
  }

  /** A keyset page of every row held (tombstones included) by key; the contract test reads it. */
  public synchronized List<ReplicatedRow> scan(Optional<RowKey> after, int limit) {
    requests++;
    var tail = after.isPresent() ? rows.tailMap(after.get(), false) : rows;
    List<ReplicatedRow> page = new ArrayList<>();
    for (Stored stored : tail.values()) {
      if (page.size() == limit) {
        break;
      }
      page.add(stored.row());
    }
    return page;
  }

  @Override
  public synchronized long headSequence() {
    return head;
  }

  @Override
  public synchronized Map<Integer, RowDigest.BucketDigest> bucketDigests() {
    Map<Integer, RowDigest.BucketDigest> digests = new HashMap<>();
    for (Stored stored : rows.values()) {
      digests.merge(
          RowDigest.bucket(stored.row().key()),
          new RowDigest.BucketDigest(1, RowDigest.checksum(stored.row())),
          (x, y) -> new RowDigest.BucketDigest(x.rows() + y.rows(), x.checksum() + y.checksum()));
    }
    return digests;
  }

  @Override
  public synchronized List<ReplicatedRow> bucketRows(int bucket) {
    List<ReplicatedRow> found = new ArrayList<>();
    for (Stored stored : rows.values()) {
      if (RowDigest.bucket(stored.row().key()) == bucket) {
        found.add(stored.row());
      }
    }
    return found;
  }

  /** Every row held, in key order. */
  public synchronized List<ReplicatedRow> rows() {
    List<ReplicatedRow> all = new ArrayList<>(rows.size());
    for (Stored stored : rows.values()) {
      all.add(stored.row());
    }
    return all;
  }

  /** Replaces a row behind the merge rule's back, as an out-of-band edit would. */
  public synchronized void overwrite(ReplicatedRow row) {
    Stored current = rows.get(row.key());
    if (current != null) {
      feed.remove(current.sequence());
    }
    long sequence = ++head;
    rows.put(row.key(), new Stored(row, sequence));
    feed.put(sequence, row.key());
  }

  /** Removes a row behind the merge rule's back. */
  public synchronized void remove(RowKey key) {
    Stored current = rows.remove(key);
    if (current != null) {
      feed.remove(current.sequence());
    }
  }

  public synchronized int requests() {
    return requests;
  }
}
