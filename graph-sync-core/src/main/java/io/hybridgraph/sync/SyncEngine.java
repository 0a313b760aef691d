package io.hybridgraph.sync;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.port.out.SyncStateStore;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves changes between this device and the remote graph: pushes the outbox in batches and pulls
 * the change feed, with retries, parking and backoff. One step at a time: pushes and pulls are
 * synchronized, and none holds a local transaction open across a network call; the status getters
 * read volatile fields and never wait for a step in flight.
 *
 * <p>Failure rules. A transient failure ({@link RemoteGraphException.Unavailable}) counts an
 * attempt for each change of the batch and holds the remote back for a jittered, exponentially
 * growing delay (at least the server's Retry-After); a change that reaches the maximum number of
 * attempts is parked with its reason. A rejection ({@link RemoteGraphException.Rejected}) is
 * narrowed down by splitting the batch until the rejected rows stand alone, which are parked at
 * once while the rest go through. An access failure holds everything back without spending
 * attempts, since no change is at fault. A full cloud ({@link RemoteGraphException.Full}) holds
 * back pushes only, with its own backoff, while pulls go on at their interval; only a successful
 * push ends that hold. After a failure, the first success returns parked changes to the queue.
 *
 * <p>The last successful push and pull and the last error are also kept in the sync state store, so
 * that another process (the {@code sync status} command) can show them: the last pull only when it
 * brought rows or at most once a minute, so that idle pulls do not write.
 */
public final class SyncEngine {

  static final String PULL_CURSOR = "pull_cursor";
  static final String PUSH_BATCH_SEQUENCE = "push_batch_sequence";
  static final String LAST_PUSH = "last_push";
  static final String LAST_PULL = "last_pull";

  /** The last error's text, empty once a success cleared it. */
  static final String LAST_ERROR = "last_error";

  static final String LAST_ERROR_AT = "last_error_at";

  private static final Duration IDLE_PULL_SAVE_INTERVAL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);

  private final ChangeOutbox outbox;
  private final ReplicaStore replica;
  private final SyncStateStore state;
  private final RemoteGraph remote;
  private final DeviceId device;
  private final SyncConfig config;
  private final Clock clock;
  private final Backoff backoff;
  private final SyncEvents events;

  /** Holds back pushes and pulls (transient and access failures). */
  private volatile Instant heldUntil = Instant.EPOCH;

  private int consecutiveFailures;

  /** Holds back pushes only (the cloud is full). */
  private volatile Instant pushHeldUntil = Instant.EPOCH;

  private int consecutivePushFailures;
  private Instant lastPullSaved = Instant.EPOCH;
  // A previous process may have left an error in the state store: the first success clears it.
  private boolean errorSaved = true;
  private volatile Instant lastPush;
  private volatile Instant lastPull;
  private volatile String lastError;
  private volatile Instant lastErrorAt;
  private volatile long lastSizeBytes = -1;

  public SyncEngine(
      ChangeOutbox outbox,
      ReplicaStore replica,
      SyncStateStore state,
      RemoteGraph remote,
      DeviceId device,
      SyncConfig config,
      Clock clock,
      DoubleSupplier random,
      SyncEvents events) {
    this.outbox = outbox;
    this.replica = replica;
    this.state = state;
    this.remote = remote;
    this.device = device;
    this.config = config;
    this.clock = clock;
    this.backoff = new Backoff(config, random);
    this.events = events;
  }

  /** What a push round did. */
  public record PushReport(int pushed, int parked, int failed, long remaining) {}

  /** What a pull round did. */
  public record PullReport(int pulled, int changed, long cursor, boolean failed) {}

  /**
   * Pushes every change that is due, batch after batch, unless the remote is being held back after
   * a failure. Stops at the first transient failure.
   */
  public synchronized PushReport pushDue() {
    if (clock.instant().isBefore(pushHeldUntil())) {
      return new PushReport(0, 0, 0, outbox.stats().pending());
    }
    return pushLoop(false);
  }

  /**
   * Pushes everything pending now, parked changes included and regardless of backoff, and says what
   * happened. This is the design document's {@code force_graph_sync()}.
   */
  public synchronized PushReport forcePush() {
    int unparked = outbox.unparkAll();
    if (unparked > 0) {
      log.info("Forced sync: {} parked changes returned to the queue", unparked);
    }
    heldUntil = Instant.EPOCH;
    pushHeldUntil = Instant.EPOCH;
    return pushLoop(true);
  }

  private PushReport pushLoop(boolean force) {
    Counters counters = new Counters();
    while (true) {
      long now = force ? Long.MAX_VALUE : clock.millis();
      List<ChangeOutbox.Entry> entries = outbox.peekDue(config.pushBatchSize(), now);
      if (entries.isEmpty()) {
        break;
      }
      if (!pushBatch(entries, counters)) {
        break;
      }
    }
    long remaining = outbox.stats().pending();
    if (counters.pushed > 0) {
      state.put(LAST_PUSH, lastPush.toString());
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
          remote.push(new RemoteGraph.PushBatch(device, nextBatchSequence(), rows));
      outbox.acknowledge(entries);
      counters.pushed += rows.size();
      if (result.sizeAfterBytes() > 0) {
        lastSizeBytes = result.sizeAfterBytes();
      }
      lastPush = clock.instant();
      succeeded(true);
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
      Duration delay = failed("push", e, e.retryAfter());
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
      pushRefused(e);
      counters.failed += entries.size();
      return false;
    } catch (RemoteGraphException e) {
      failed("push", e, Optional.empty());
      counters.failed += entries.size();
      return false;
    }
  }

  /**
   * Pulls the change feed after this device's cursor, page after page, merging each page and moving
   * the cursor in one local transaction. Merged rows are never queued to be pushed back.
   */
  public synchronized PullReport pull() {
    return pullPages(Integer.MAX_VALUE);
  }

  /** Pulls at most one page of the change feed (for callers that report progress per page). */
  public synchronized PullReport pullPage() {
    return pullPages(1);
  }

  private PullReport pullPages(int maxPages) {
    long cursor = cursor();
    if (clock.instant().isBefore(heldUntil)) {
      return new PullReport(0, 0, cursor, false);
    }
    int pulled = 0;
    int changed = 0;
    try {
      for (int pages = 0; pages < maxPages; pages++) {
        RemoteGraph.ChangePage page = remote.pull(cursor, config.pullPageSize());
        long next = Math.max(cursor, page.lastSequence());
        List<ReplicatedRow> rows = new ArrayList<>(page.changes().size());
        for (RemoteGraph.Change change : page.changes()) {
          rows.add(change.row());
          next = Math.max(next, change.sequence());
        }
        if (next == cursor) {
          break;
        }
        // The cursor moves with the merge, also past changes the remote could not hand over.
        lastPullSaved = clock.instant();
        Map<String, String> stateUpdates =
            Map.of(PULL_CURSOR, Long.toString(next), LAST_PULL, lastPullSaved.toString());
        changed += replica.merge(rows, stateUpdates).size();
        pulled += rows.size();
        cursor = next;
        if (!page.hasMore()) {
          break;
        }
      }
      lastPull = clock.instant();
      if (!lastPull.isBefore(lastPullSaved.plus(IDLE_PULL_SAVE_INTERVAL))) {
        state.put(LAST_PULL, lastPull.toString());
        lastPullSaved = lastPull;
      }
      succeeded(false);
      if (pulled > 0) {
        events.publish(new SyncEvent.Pulled(clock.instant(), pulled, changed, cursor));
      }
      return new PullReport(pulled, changed, cursor, false);
    } catch (RemoteGraphException e) {
      failed(
          "pull",
          e,
          e instanceof RemoteGraphException.Unavailable u ? u.retryAfter() : Optional.empty());
      return new PullReport(pulled, changed, cursor, true);
    }
  }

  public DeviceId deviceId() {
    return device;
  }

  /** The change-feed sequence this device has merged up to. */
  public long cursor() {
    return state.get(PULL_CURSOR).map(Long::parseLong).orElse(0L);
  }

  /**
   * When the remote may next be tried at all (pulled from); before then the periodic rounds skip
   * it. Pushes may be held back longer: see {@link #pushHeldUntil()}.
   */
  public Instant heldUntil() {
    return heldUntil;
  }

  /** When pushes may next be tried: {@link #heldUntil()}, or later while the cloud is full. */
  public Instant pushHeldUntil() {
    Instant shared = heldUntil;
    Instant pushOnly = pushHeldUntil;
    return shared.isAfter(pushOnly) ? shared : pushOnly;
  }

  public Optional<Instant> lastPush() {
    return Optional.ofNullable(lastPush);
  }

  public Optional<Instant> lastPull() {
    return Optional.ofNullable(lastPull);
  }

  /** The last failure of this process, until a success leaves nothing held back. */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  public Optional<Instant> lastErrorAt() {
    return Optional.ofNullable(lastErrorAt);
  }

  /** The cloud database's size after the last push, when known. */
  public OptionalLong cloudSizeBytes() {
    return lastSizeBytes < 0 ? OptionalLong.empty() : OptionalLong.of(lastSizeBytes);
  }

  synchronized void recordCloudSize(long bytes) {
    if (bytes > 0) {
      lastSizeBytes = bytes;
    }
  }

  /** The next push batch sequence of this device, never handed out twice. */
  synchronized long nextBatchSequence() {
    long next = state.get(PUSH_BATCH_SEQUENCE).map(Long::parseLong).orElse(0L) + 1;
    state.put(PUSH_BATCH_SEQUENCE, Long.toString(next));
    return next;
  }

  private void succeeded(boolean pushed) {
    if (consecutiveFailures > 0 || (pushed && consecutivePushFailures > 0)) {
      consecutiveFailures = 0;
      heldUntil = Instant.EPOCH;
      if (pushed) {
        consecutivePushFailures = 0;
        pushHeldUntil = Instant.EPOCH;
      }
      int unparked = outbox.unparkAll();
      log.info(
          "Cloud reachable again{}",
          unparked > 0 ? ": " + unparked + " parked changes returned to the queue" : "");
    }
    if (consecutivePushFailures == 0 && (lastError != null || errorSaved)) {
      lastError = null;
      errorSaved = false;
      state.put(LAST_ERROR, "");
    }
  }

  /** A transient or access failure: holds back pushes and pulls alike. */
  private Duration failed(String operation, RemoteGraphException e, Optional<Duration> retryAfter) {
    consecutiveFailures++;
    Duration delay = backoff.delay(consecutiveFailures, retryAfter);
    heldUntil = clock.instant().plus(delay);
    report(operation, e, delay);
    return delay;
  }

  /** The cloud is full: holds back pushes only, so that other devices' changes still come in. */
  private void pushRefused(RemoteGraphException.Full e) {
    consecutivePushFailures++;
    Duration delay = backoff.delay(consecutivePushFailures, Optional.empty());
    pushHeldUntil = clock.instant().plus(delay);
    report("push", e, delay);
  }

  private void report(String operation, RemoteGraphException e, Duration delay) {
    lastError = operation + " failed: " + e.getMessage();
    lastErrorAt = clock.instant();
    state.put(LAST_ERROR, lastError);
    state.put(LAST_ERROR_AT, lastErrorAt.toString());
    errorSaved = true;
    log.warn(
        "Graph sync {} failed ({}); next try in {} ms",
        operation,
        e.getMessage(),
        delay.toMillis());
    events.publish(new SyncEvent.Failed(clock.instant(), operation, e.getMessage(), delay));
  }
}
