package io.hybridgraph.sync.service;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.InitialSyncResult;
import io.hybridgraph.sync.port.in.SyncEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The design document's initial sync, made resumable: uploads every replicated row this device
 * holds (a graph that existed before sync, such as a Python-service database) in keyset pages, with
 * a checkpoint after each page the cloud acknowledged, then downloads the cloud's graph through the
 * change feed from this device's cursor. A crash resumes after the last checkpoint; re-sent rows
 * are no-ops by the merge rule, so nothing is duplicated. Progress (done, total, rate, estimated
 * time left) goes to the sync listeners. The download pulls through the {@link Puller}, waiting
 * while the {@link RemoteHold} holds the remote back.
 *
 * <p>One run at a time; {@link #run()} blocks until both phases are done or a failure persists.
 */
final class InitialSync {

  private static final Logger log = LoggerFactory.getLogger(InitialSync.class);

  private final ReplicaStore replica;
  private final RemoteGraph remote;
  private final DeviceId device;
  private final SyncLedger ledger;
  private final RemoteHold hold;
  private final Puller puller;
  private final Backoff backoff;
  private final SyncConfig config;
  private final Clock clock;
  private final SyncEvents events;
  private final Sleeper sleeper;
  private final AtomicReference<SyncEvent.Progress> latest = new AtomicReference<>();

  /** Waits between retries; tests pass one that advances a fake clock instead. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  InitialSync(
      ReplicaStore replica,
      RemoteGraph remote,
      DeviceId device,
      SyncLedger ledger,
      RemoteHold hold,
      Puller puller,
      Backoff backoff,
      SyncConfig config,
      Clock clock,
      SyncEvents events,
      Sleeper sleeper) {
    this.replica = replica;
    this.remote = remote;
    this.device = device;
    this.ledger = ledger;
    this.hold = hold;
    this.puller = puller;
    this.backoff = backoff;
    this.config = config;
    this.clock = clock;
    this.events = events;
    this.sleeper = sleeper;
  }

  /** Whether this device's existing graph has been uploaded completely. */
  boolean uploadDone() {
    return ledger.uploadDone();
  }

  /** The latest progress of a run, if one ever ran in this process. */
  Optional<SyncEvent.Progress> progress() {
    return Optional.ofNullable(latest.get());
  }

  /**
   * Uploads what was never uploaded, then downloads what the cloud has beyond this device's cursor.
   *
   * @throws RemoteGraphException when the remote keeps failing past the retry limit; run again to
   *     resume from the last checkpoint
   */
  synchronized InitialSyncResult run() {
    Instant started = clock.instant();
    long[] rejected = {0};
    long uploaded = uploadDone() ? 0 : upload(rejected) - rejected[0];
    long downloaded = download();
    Duration elapsed = Duration.between(started, clock.instant());
    log.info(
        "Initial sync finished: {} rows uploaded, {} downloaded, {} rejected, in {} ms",
        uploaded,
        downloaded,
        rejected[0],
        elapsed.toMillis());
    return new InitialSyncResult(uploaded, downloaded, (int) rejected[0], elapsed);
  }

  private long upload(long[] rejected) {
    Optional<RowKey> after = ledger.uploadCheckpoint();
    long total = replica.rowCount();
    long done = total - replica.rowCountAfter(after);
    long uploaded = 0;
    Meter meter = new Meter(SyncEvent.Phase.UPLOAD, done, total);
    meter.report(false);
    while (true) {
      List<ReplicatedRow> page = replica.rows(after, config.initialSyncPageSize());
      if (page.isEmpty()) {
        break;
      }
      rejected[0] += pushWithRetry(page);
      RowKey last = page.get(page.size() - 1).key();
      ledger.checkpointUpload(last);
      uploaded += page.size();
      meter.advance(page.size());
      after = Optional.of(last);
    }
    ledger.uploadFinished(clock.instant());
    meter.report(true);
    return uploaded;
  }

  /** Pushes a page, retrying transient failures; returns how many rows were rejected. */
  private int pushWithRetry(List<ReplicatedRow> rows) {
    int failures = 0;
    while (true) {
      try {
        RemoteGraph.PushResult result =
            remote.push(new RemoteGraph.PushBatch(device, ledger.nextBatchSequence(), rows));
        ledger.cloudSize(result.sizeAfterBytes());
        hold.succeeded(true);
        return 0;
      } catch (RemoteGraphException.Rejected e) {
        if (rows.size() == 1) {
          log.warn("Initial sync: the cloud rejected {}: {}", rows.get(0).key(), e.getMessage());
          events.publish(
              new SyncEvent.Parked(clock.instant(), 1, "rejected by the cloud: " + e.getMessage()));
          return 1;
        }
        int half = rows.size() / 2;
        return pushWithRetry(rows.subList(0, half))
            + pushWithRetry(rows.subList(half, rows.size()));
      } catch (RemoteGraphException.Unavailable e) {
        failures++;
        if (failures >= config.maxRetries()) {
          throw e;
        }
        Duration delay = backoff.delay(failures, e.retryAfter());
        hold.retrying("initial sync", e, delay);
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private long download() {
    long head = remote.headSequence();
    long start = ledger.cursor();
    if (head <= start) {
      return 0;
    }
    Meter meter = new Meter(SyncEvent.Phase.DOWNLOAD, 0, head - start);
    meter.report(false);
    long downloaded = 0;
    while (true) {
      waitWhileHeldBack();
      PullReport report = puller.pullPage();
      if (report.failed()) {
        throw new RemoteGraphException.Unavailable(
            "initial download stopped: " + ledger.lastError().orElse("pull failed"),
            null,
            null,
            null);
      }
      downloaded += report.pulled();
      meter.set(Math.min(report.cursor() - start, head - start));
      if (report.cursor() >= head) {
        break;
      }
      if (report.pulled() == 0) {
        if (clock.instant().isBefore(hold.heldUntil())) {
          continue; // held back by a failure elsewhere meanwhile: wait, then pull again
        }
        break;
      }
    }
    meter.report(true);
    return downloaded;
  }

  /**
   * Waits until the hold lets the remote be tried again. While it is held back after a failure, a
   * pull returns nothing without asking the remote, which must not read as "nothing left".
   */
  private void waitWhileHeldBack() {
    Duration wait = Duration.between(clock.instant(), hold.heldUntil());
    if (wait.isNegative() || wait.isZero()) {
      return;
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteGraphException.Unavailable(
          "initial download interrupted while waiting for the cloud", null, null, e);
    }
  }

  /** Tracks done/total and reports rate and time left. */
  private final class Meter {
    private final SyncEvent.Phase phase;
    private final long total;
    private final long startDone;
    private final Instant started = clock.instant();
    private long done;

    Meter(SyncEvent.Phase phase, long done, long total) {
      this.phase = phase;
      this.done = done;
      this.startDone = done;
      this.total = total;
    }

    void advance(long rows) {
      done += rows;
      report(false);
    }

    void set(long value) {
      done = value;
      report(false);
    }

    void report(boolean finished) {
      double seconds = Duration.between(started, clock.instant()).toNanos() / 1e9;
      double rate = seconds > 0 ? (done - startDone) / seconds : 0;
      Optional<Duration> remaining =
          rate > 0
              ? Optional.of(Duration.ofMillis((long) ((total - done) / rate * 1000)))
              : Optional.empty();
      SyncEvent.Progress progress =
          new SyncEvent.Progress(
              clock.instant(),
              phase,
              done,
              total,
              rate,
              finished ? Optional.of(Duration.ZERO) : remaining,
              finished);
      latest.set(progress);
      events.publish(progress);
    }
  }
}
