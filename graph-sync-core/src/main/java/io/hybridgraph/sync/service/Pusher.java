package io.hybridgraph.sync.service;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.PushReport;
import io.hybridgraph.sync.port.in.SyncEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the outbox to the remote in batches, batch after batch until nothing is due or a failure
 * stops the round. An entry leaves the outbox only once the remote acknowledged its batch.
 *
 * <p>Failure rules. A transient failure ({@link RemoteGraphException.Unavailable}) counts an
 * attempt for each change of the batch and holds the remote back ({@link RemoteHold}); a change
 * that reaches the maximum number of attempts is parked with its reason. A rejection ({@link
 * RemoteGraphException.Rejected}) is narrowed down by splitting the batch until the rejected rows
 * stand alone, which are parked at once while the rest go through. An access failure holds
 * everything back without spending attempts, since no change is at fault; a full cloud ({@link
 * RemoteGraphException.Full}) holds back pushes only. Any other failure (the local store, a defect)
 * fails the round: it is recorded and holds back the remote like a transient failure, and is thrown
 * to the caller. No local transaction is held open across a network call; a round holds the remote
 * hold's monitor, so pushes and pulls run one at a time.
 */
final class Pusher {

  private static final Logger log = LoggerFactory.getLogger(Pusher.class);

  private final ChangeOutbox outbox;
  private final ReplicaStore replica;
  private final RemoteGraph remote;
  private final DeviceId device;
  private final SyncLedger ledger;
  private final RemoteHold hold;
  private final SyncConfig config;
  private final Clock clock;
  private final SyncEvents events;

  Pusher(
      ChangeOutbox outbox,
      ReplicaStore replica,
      RemoteGraph remote,
      DeviceId device,
      SyncLedger ledger,
      RemoteHold hold,
      SyncConfig config,
      Clock clock,
      SyncEvents events) {
    this.outbox = outbox;
    this.replica = replica;
    this.remote = remote;
    this.device = device;
    this.ledger = ledger;
    this.hold = hold;
    this.config = config;
    this.clock = clock;
    this.events = events;
  }

  /**
   * Pushes every change that is due, batch after batch, unless pushes are held back after a
   * failure. Stops at the first transient failure.
   *
   * @throws RuntimeException when something other than the remote fails (the local store, a
   *     defect), after recording the failed round
   */
  PushReport pushDue() {
    synchronized (hold) {
      try {
        if (clock.instant().isBefore(hold.pushHeldUntil())) {
          return new PushReport(0, 0, 0, outbox.stats().pending());
        }
        return pushLoop(false);
      } catch (RuntimeException e) {
        hold.failed("push", e);
        throw e;
      }
    }
  }

  /**
   * Pushes everything pending now, parked changes included and regardless of holds, and says what
   * happened. This is the design document's {@code force_graph_sync()}.
   *
   * @throws RuntimeException when something other than the remote fails, after recording it
   */
  PushReport forcePush() {
    synchronized (hold) {
      try {
        int unparked = outbox.unparkAll();
        if (unparked > 0) {
          log.info("Forced sync: {} parked changes returned to the queue", unparked);
        }
        hold.lift();
        return pushLoop(true);
      } catch (RuntimeException e) {
        hold.failed("push", e);
        throw e;
      }
    }
  }

  private PushReport pushLoop(boolean force) {
    Counters counters = new Counters();
    while (true) {
      long now = force ? Long.MAX_VALUE : clock.millis();
      List<ChangeOutbox.Entry> entries = outbox.peekDue(config.pushBatchSize(), now);
      if (entries.isEmpty() || !pushBatch(entries, counters)) {
        break;
      }
    }
    long remaining = outbox.stats().pending();
    if (counters.pushed > 0) {
      ledger.savePush();
      events.publish(new SyncEvent.Pushed(clock.instant(), counters.pushed, remaining));
    }
    return new PushReport(counters.pushed, counters.parked, counters.failed, remaining);
  }

  private static final class Counters {
    int pushed;
    int parked;
    int failed;
  }

  /** Pushes one batch; false when pushing should stop for now. */
  private boolean pushBatch(List<ChangeOutbox.Entry> entries, Counters counters) {
    List<RowKey> keys = new ArrayList<>(entries.size());
    for (ChangeOutbox.Entry entry : entries) {
      keys.add(entry.key());
    }
    List<ReplicatedRow> rows = replica.rows(keys);
    try {
      RemoteGraph.PushResult result =
          remote.push(new RemoteGraph.PushBatch(device, ledger.nextBatchSequence(), rows));
      outbox.acknowledge(entries);
      counters.pushed += rows.size();
      ledger.cloudSize(result.sizeAfterBytes());
      ledger.pushAcknowledged(clock.instant());
      hold.succeeded(true);
      return true;
    } catch (RemoteGraphException.Rejected e) {
      if (entries.size() == 1) {
        String reason = "rejected by the cloud: " + e.getMessage();
        outbox.park(entries, reason);
        counters.parked++;
        events.publish(new SyncEvent.Parked(clock.instant(), 1, reason));
        log.warn("Parked {}: {}", entries.get(0).key(), reason);
        return true;
      }
      int half = entries.size() / 2;
      return pushBatch(entries.subList(0, half), counters)
          && pushBatch(entries.subList(half, entries.size()), counters);
    } catch (RemoteGraphException.Unavailable e) {
      Duration delay = hold.failed("push", e);
      // Every change of the batch spends this attempt, those that reach the limit included, so a
      // parked change shows as many attempts as its reason names.
      List<ChangeOutbox.Entry> exhausted = new ArrayList<>();
      for (ChangeOutbox.Entry entry : entries) {
        if (entry.attempts() + 1 >= config.maxRetries()) {
          exhausted.add(entry);
        }
      }
      outbox.retryLater(entries, e.getMessage(), clock.millis() + delay.toMillis());
      if (!exhausted.isEmpty()) {
        String reason = "gave up after " + config.maxRetries() + " attempts: " + e.getMessage();
        outbox.park(exhausted, reason);
        counters.parked += exhausted.size();
        events.publish(new SyncEvent.Parked(clock.instant(), exhausted.size(), reason));
      }
      counters.failed += entries.size();
      return false;
    } catch (RemoteGraphException.Full e) {
      hold.pushRefused(e);
      counters.failed += entries.size();
      return false;
    } catch (RemoteGraphException e) {
      hold.failed("push", e);
      counters.failed += entries.size();
      return false;
    }
  }
}
