package io.hybridgraph.sync.service;

import static io.hybridgraph.sync.service.SyncFixtures.START;
import static io.hybridgraph.sync.service.SyncFixtures.directed;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.domain.port.out.SyncStateStore;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.SyncStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status of a device whose sync is on, as another process sees it: the last push, pull and
 * error come from the sync state store when this process has none, and idle pulls seldom write.
 */
class ActiveSyncTest {

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(START);
  private final InMemoryRemoteGraph cloud = new InMemoryRemoteGraph();
  private final ScriptedRemote remote = new ScriptedRemote(cloud);
  private final SyncConfig config = SyncFixtures.config(100, 100, 5);
  private final List<AutoCloseable> opened = new ArrayList<>();
  private SqliteGraphStore store;
  private CountingState state;

  @BeforeEach
  void openStore() {
    store = SyncFixtures.openStore(dir.resolve("device.db"), "device-a", clock);
    state = new CountingState(store.syncState());
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    store.close();
  }

  /** A fresh sync on the same database: what a new process of this device starts with. */
  private SyncParts sync() {
    SyncParts parts = TestSync.of(store, remote, clock).config(config).state(state).build();
    opened.add(parts.service());
    return parts;
  }

  @Test
  void status_inAnotherProcess_showsTheLastPushPullAndErrorKeptInTheStore() {
    SyncParts server = sync();
    SyncStatus before = sync().control().status();
    assertThat(before.lastPush()).isEmpty();
    assertThat(before.lastPull()).isEmpty();
    assertThat(before.lastError()).isEmpty();

    store.associations().store(directed(1));
    Instant pushedAt = clock.instant();
    assertThat(server.pusher().pushDue().pushed()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    cloud.push(
        new RemoteGraph.PushBatch(
            new DeviceId("device-b"), 1, SyncFixtures.foreignRows("device-b", 2, clock)));
    Instant pulledAt = clock.instant();
    assertThat(server.puller().pull().pulled()).isPositive();
    clock.advance(Duration.ofSeconds(5));
    store.associations().store(directed(2));
    remote.failNextPush(new RemoteGraphException.Full("D1 database is full", null));
    Instant failedAt = clock.instant();
    server.pusher().pushDue();

    SyncStatus status = sync().control().status();

    assertThat(status.lastPush()).hasValue(pushedAt);
    assertThat(status.lastPull()).hasValue(pulledAt);
    assertThat(status.lastError()).hasValue("push failed: D1 database is full");
    assertThat(status.lastErrorAt()).hasValue(failedAt);

    clock.advance(Duration.ofSeconds(5));
    assertThat(server.pusher().pushDue().pushed()).isEqualTo(1);
    SyncStatus recovered = sync().control().status();
    assertThat(recovered.lastPush()).hasValue(clock.instant());
    assertThat(recovered.lastError()).as("cleared by the success").isEmpty();
  }

  @Test
  void status_inThisProcess_prefersItsOwnTimes() {
    SyncParts sync = sync();
    sync.puller().pull();
    Instant saved = clock.instant();
    clock.advance(Duration.ofSeconds(30));

    sync.puller().pull();

    assertThat(sync.control().status().lastPull()).hasValue(clock.instant());
    assertThat(sync().control().status().lastPull()).as("not saved yet").hasValue(saved);
  }

  @Test
  void pull_idle_savesTheLastPullAtMostOnceAMinute() {
    SyncParts sync = sync();
    sync.puller().pull();
    assertThat(state.puts(SyncLedger.LAST_PULL)).isEqualTo(1);

    for (int i = 0; i < 59; i++) {
      clock.advance(Duration.ofSeconds(1));
      sync.puller().pull();
    }
    assertThat(state.puts(SyncLedger.LAST_PULL)).as("no write per idle pull").isEqualTo(1);
    // Besides the pull: the first success clears whatever error and failure streak an earlier
    // process left, once.
    assertThat(state.puts(SyncLedger.LAST_ERROR)).isEqualTo(1);
    assertThat(state.puts(SyncLedger.FAILURE_STREAK)).isEqualTo(1);
    assertThat(state.puts()).as("no other write either").isEqualTo(3);

    clock.advance(Duration.ofSeconds(1));
    sync.puller().pull();
    assertThat(state.puts(SyncLedger.LAST_PULL)).isEqualTo(2);
    assertThat(sync().control().status().lastPull()).hasValue(clock.instant());
  }

  /** A sync state store that counts writes by name. */
  private static final class CountingState implements SyncStateStore {
    private final SyncStateStore target;
    private final List<String> puts = new ArrayList<>();

    CountingState(SyncStateStore target) {
      this.target = target;
    }

    @Override
    public Optional<String> get(String name) {
      return target.get(name);
    }

    @Override
    public void put(String name, String value) {
      puts.add(name);
      target.put(name, value);
    }

    long puts(String name) {
      return puts.stream().filter(name::equals).count();
    }

    int puts() {
      return puts.size();
    }
  }
}
