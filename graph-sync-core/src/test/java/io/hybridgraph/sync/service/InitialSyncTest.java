package io.hybridgraph.sync.service;

import static io.hybridgraph.sync.service.SyncFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sync.port.in.InitialSyncResult;
import io.hybridgraph.sync.port.in.SyncEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resumable initial sync on real SQLite stores against a scripted remote, with fake time: a
 * legacy graph (rows merged in, so not in the outbox) is uploaded in pages with progress, resumes
 * after its checkpoint when interrupted, survives a rejected row; a second, empty device downloads
 * the whole cloud graph.
 */
// A sync loop that never ends must fail the test, not hang the build.
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InitialSyncTest {

  private static final int ROWS = 1_250;
  private static final int PAGE = 500;

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(START);
  private final InMemoryRemoteGraph cloud = new InMemoryRemoteGraph();
  private final ScriptedRemote remote = new ScriptedRemote(cloud);
  private final List<Duration> sleeps = new ArrayList<>();
  private final List<SyncEvent> events = new ArrayList<>();
  private final List<SqliteGraphStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(SqliteGraphStore::close);
  }

  /** One device: its store, its sync services and their initial sync. */
  private final class Device {
    final SqliteGraphStore store;
    final SyncParts parts;
    final InitialSync sync;

    Device(String name, int maxRetries) {
      store = SyncFixtures.openStore(dir.resolve(name + ".db"), name, clock);
      opened.add(store);
      parts =
          TestSync.of(store, remote, clock)
              .config(SyncFixtures.config(100, PAGE, maxRetries))
              .sleeper(
                  duration -> {
                    sleeps.add(duration);
                    clock.advance(duration);
                  })
              .build();
      parts.events().subscribe(events::add);
      sync = parts.initialSync();
    }

    List<ReplicatedRow> rows() {
      return store.replica().rows(Optional.empty(), 10 * ROWS);
    }
  }

  /** A device holding a legacy graph of {@link #ROWS} rows that never went through its outbox. */
  private Device legacyDevice(int maxRetries) {
    Device device = new Device("legacy", maxRetries);
    List<ReplicatedRow> rows = SyncFixtures.foreignRows("legacy-import", ROWS, clock);
    device.store.replica().merge(rows);
    assertThat(device.store.replica().rowCount()).isEqualTo(ROWS);
    assertThat(device.store.outbox().depth()).as("legacy rows are not queued").isZero();
    return device;
  }

  private List<SyncEvent.Progress> progress(SyncEvent.Phase phase) {
    return events.stream()
        .filter(SyncEvent.Progress.class::isInstance)
        .map(SyncEvent.Progress.class::cast)
        .filter(p -> p.phase() == phase)
        .toList();
  }

  private static Set<RowKey> keysOf(List<RemoteGraph.PushBatch> batches) {
    return batches.stream()
        .flatMap(b -> b.rows().stream())
        .map(ReplicatedRow::key)
        .collect(Collectors.toSet());
  }

  @Test
  void upload_legacyGraph_sendsEveryRowInPagesWithProgressToFinished() {
    Device device = legacyDevice(5);
    remote.onPush(() -> clock.advance(Duration.ofMillis(200)));

    InitialSyncResult result = device.sync.run();

    assertThat(result.uploaded()).isEqualTo(ROWS);
    assertThat(result.rejected()).isZero();
    assertThat(remote.applied())
        .extracting(b -> b.rows().size())
        .containsExactly(PAGE, PAGE, ROWS - 2 * PAGE);
    assertThat(cloud.rows()).isEqualTo(device.rows());
    assertThat(cloud.headSequence()).as("each row accepted once").isEqualTo(ROWS);
    assertThat(device.sync.uploadDone()).isTrue();

    List<SyncEvent.Progress> upload = progress(SyncEvent.Phase.UPLOAD);
    assertThat(upload)
        .extracting(SyncEvent.Progress::done)
        .containsExactly(0L, (long) PAGE, 2L * PAGE, (long) ROWS, (long) ROWS);
    assertThat(upload).allSatisfy(p -> assertThat(p.total()).isEqualTo(ROWS));
    assertThat(upload)
        .extracting(SyncEvent.Progress::finished)
        .containsExactly(false, false, false, false, true);
    // 500 rows per 200 ms of fake time: 2,500 rows/s, so the 750 rows left take 300 ms.
    assertThat(upload.get(1).rowsPerSecond()).isCloseTo(2_500.0, within(0.001));
    assertThat(upload.get(1).remaining()).hasValue(Duration.ofMillis(300));
    assertThat(upload.get(4).remaining()).hasValue(Duration.ZERO);

    // A second run finds the upload done and sends nothing.
    remote.clearRecord();
    assertThat(device.sync.run().uploaded()).isZero();
    assertThat(remote.pushCalls()).isZero();
  }

  @Test
  void upload_interruptedOnSecondPage_resumesAfterCheckpointAndUploadsEachRowOnce() {
    Device device = legacyDevice(3);
    List<ReplicatedRow> all = device.rows();
    RowKey secondPage = all.get(PAGE).key();
    remote.failPushesWhile(
        batch -> batch.rows().stream().anyMatch(r -> r.key().equals(secondPage)),
        () -> new RemoteGraphException.Unavailable("HTTP 503 overloaded", 503, null, null));

    assertThatThrownBy(device.sync::run)
        .isInstanceOf(RemoteGraphException.Unavailable.class)
        .hasMessageContaining("503");

    assertThat(remote.pushCalls()).as("page 1 once, page 2 max-retries times").isEqualTo(1 + 3);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(cloud.rows()).isEqualTo(all.subList(0, PAGE));
    assertThat(device.sync.uploadDone()).isFalse();
    Set<RowKey> firstRun = keysOf(remote.applied());

    remote.heal();
    remote.clearRecord();
    events.clear();
    InitialSyncResult resumed = device.sync.run();

    assertThat(resumed.uploaded()).isEqualTo(ROWS - PAGE);
    assertThat(remote.rowsApplied()).as("rows sent by the resumed run").isEqualTo(ROWS - PAGE);
    Set<RowKey> secondRun = keysOf(remote.applied());
    Set<RowKey> overlap = new HashSet<>(firstRun);
    overlap.retainAll(secondRun);
    assertThat(overlap).as("rows of the checkpointed page sent again").isEmpty();
    assertThat(progress(SyncEvent.Phase.UPLOAD).get(0).done()).isEqualTo(PAGE);
    assertThat(progress(SyncEvent.Phase.UPLOAD).get(0).total()).isEqualTo(ROWS);
    assertThat(cloud.rows()).isEqualTo(all);
    assertThat(cloud.headSequence()).as("each row accepted exactly once").isEqualTo(ROWS);
    assertThat(device.sync.uploadDone()).isTrue();
  }

  @Test
  void download_emptySecondDevice_receivesTheWholeCloudGraphWithProgress() {
    List<ReplicatedRow> cloudRows = SyncFixtures.foreignRows("device-a", ROWS, clock);
    cloud.push(new RemoteGraph.PushBatch(new DeviceId("device-a"), 1, cloudRows));
    Device second = new Device("device-b", 5);

    InitialSyncResult result = second.sync.run();

    assertThat(result.uploaded()).isZero();
    assertThat(result.downloaded()).isEqualTo(ROWS);
    assertThat(second.rows()).isEqualTo(cloud.rows());
    assertThat(second.parts.ledger().cursor()).isEqualTo(cloud.headSequence());
    assertThat(second.store.outbox().depth()).as("downloaded rows are not queued").isZero();
    List<SyncEvent.Progress> download = progress(SyncEvent.Phase.DOWNLOAD);
    assertThat(download.get(0).done()).isZero();
    assertThat(download).allSatisfy(p -> assertThat(p.total()).isEqualTo(ROWS));
    assertThat(download.get(download.size() - 1))
        .satisfies(
            p -> {
              assertThat(p.done()).isEqualTo(ROWS);
              assertThat(p.finished()).isTrue();
            });
  }

  @Test
  void download_afterAFailedAttempt_retriesInsteadOfReportingAnEmptySuccess() {
    List<ReplicatedRow> cloudRows = SyncFixtures.foreignRows("device-a", ROWS, clock);
    cloud.push(new RemoteGraph.PushBatch(new DeviceId("device-a"), 1, cloudRows));
    Device second = new Device("device-b", 5);
    remote.failNextPull(new RemoteGraphException.Unavailable("HTTP 502", 502, null, null));

    assertThatThrownBy(second.sync::run)
        .isInstanceOf(RemoteGraphException.Unavailable.class)
        .hasMessageContaining("initial download stopped");

    // Run again at once, as a "sync now" button would: the hold is still holding the remote
    // back, and the run must not report the download finished without having pulled anything.
    InitialSyncResult result = second.sync.run();

    assertThat(result.downloaded()).isEqualTo(ROWS);
    assertThat(second.parts.ledger().cursor()).isEqualTo(cloud.headSequence());
    assertThat(second.rows()).isEqualTo(cloud.rows());
  }

  @Test
  void upload_rejectedRow_isReportedAndTheRestIsUploaded() {
    Device device = legacyDevice(5);
    List<ReplicatedRow> all = device.rows();
    RowKey bad = all.get(PAGE + PAGE / 2).key();
    remote.reject(bad);

    InitialSyncResult result = device.sync.run();

    assertThat(result.rejected()).isEqualTo(1);
    assertThat(cloud.rows()).isEqualTo(all.stream().filter(r -> !r.key().equals(bad)).toList());
    assertThat(events)
        .filteredOn(SyncEvent.Parked.class::isInstance)
        .singleElement()
        .satisfies(
            e -> assertThat(((SyncEvent.Parked) e).reason()).startsWith("rejected by the cloud"));
    assertThat(device.sync.uploadDone()).isTrue();
  }
}
