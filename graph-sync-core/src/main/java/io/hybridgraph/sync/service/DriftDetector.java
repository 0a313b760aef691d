package io.hybridgraph.sync.service;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sync.port.in.DriftReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and repairs differences between this device and the cloud that normal sync would not (the
 * design document's {@code _detect_and_sync_drift}): rows removed or edited in D1 behind the app's
 * back, or a change lost by an older version of the software.
 *
 * <p>Cheap when in sync: it compares one digest per bucket of keys ({@link RowDigest}) and reads
 * rows only of buckets whose digests differ. Repairs go both ways through the merge rule: a row the
 * cloud lacks, or holds in an older version, is pushed; a row this device lacks, or holds in an
 * older version, is merged locally (and never queued back).
 */
final class DriftDetector {

  private static final Logger log = LoggerFactory.getLogger(DriftDetector.class);

  private final ReplicaStore replica;
  private final RemoteGraph remote;
  private final DeviceId device;
  private final SyncLedger ledger;
  private final Clock clock;

  DriftDetector(
      ReplicaStore replica, RemoteGraph remote, DeviceId device, SyncLedger ledger, Clock clock) {
    this.replica = Objects.requireNonNull(replica, "replica");
    this.remote = Objects.requireNonNull(remote, "remote");
    this.device = Objects.requireNonNull(device, "device");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Compares local and remote state; with {@code repair}, makes them equal through the merge rule.
   */
  synchronized DriftReport check(boolean repair) {
    Instant started = clock.instant();
    Map<Integer, RowDigest.BucketDigest> local = replica.bucketDigests();
    Map<Integer, RowDigest.BucketDigest> cloud = remote.bucketDigests();
    TreeSet<Integer> buckets = new TreeSet<>(local.keySet());
    buckets.addAll(cloud.keySet());
    int differing = 0;
    long rowsRead = 0;
    int pushed = 0;
    int merged = 0;
    for (int bucket : buckets) {
      if (Objects.equals(local.get(bucket), cloud.get(bucket))) {
        continue;
      }
      differing++;
      List<ReplicatedRow> remoteRows = remote.bucketRows(bucket);
      rowsRead += remoteRows.size();
      if (!repair) {
        continue;
      }
      Map<RowKey, ReplicatedRow> theirs = new TreeMap<>();
      for (ReplicatedRow row : remoteRows) {
        theirs.put(row.key(), row);
      }
      List<ReplicatedRow> toPush = new ArrayList<>();
      List<ReplicatedRow> toMerge = new ArrayList<>();
      for (ReplicatedRow mine : replica.bucketRows(bucket)) {
        ReplicatedRow other = theirs.remove(mine.key());
        if (other == null || other.isSupersededBy(mine)) {
          toPush.add(mine);
        } else if (mine.isSupersededBy(other)) {
          toMerge.add(other);
        }
      }
      toMerge.addAll(theirs.values());
      if (!toPush.isEmpty()) {
        remote.push(new RemoteGraph.PushBatch(device, ledger.nextBatchSequence(), toPush));
        pushed += toPush.size();
      }
      if (!toMerge.isEmpty()) {
        merged += replica.merge(toMerge).size();
      }
    }
    DriftReport report =
        new DriftReport(
            buckets.size(),
            differing,
            rowsRead,
            pushed,
            merged,
            repair,
            Duration.between(started, clock.instant()));
    if (differing > 0) {
      log.info(
          "Drift check: {} of {} buckets differ, {} rows read, {} pushed, {} merged",
          differing,
          buckets.size(),
          rowsRead,
          pushed,
          merged);
    }
    return report;
  }
}
