package io.hybridgraph.sync.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.AssociationStore;
import io.hybridgraph.domain.replica.ReplicatedGraph;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sqlite.SqliteStoreConfig;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.FailureCategory;
import io.hybridgraph.sync.port.in.SyncStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded, reproducible simulations of 2 to 5 devices, each a real SQLite store with its own sync
 * services, sharing one remote through the remote port, under random faults: remote errors, lost
 * acknowledgements, Retry-After, rejections, duplicated and reordered pulls, and devices crashing
 * after the remote applied their push and restarting on their file, and a defect that makes every
 * call of a device to the remote throw an exception sync does not expect. A round that meets the
 * defect must show in the device's status at once (state {@code FAILING}, the last error, one more
 * failure in a row, since when), and the status must keep saying so while the defect lasts. After
 * healing and draining, every device and the remote must hold the same rows, equal to the join of
 * every write ever made (so no change is lost and nothing deleted comes back unless stored again),
 * with the pair invariant intact, no queue left stuck and no failure left in any status.
 *
 * <p>{@code -Dsimulation.seeds=N} runs N seeds (default 200); {@code -Dsimulation.seed=S} replays
 * one. A failure names its seed.
 */
class ConvergenceSimulationTest {

  private static final long START = 1_800_000_000_000L;
  private static final List<MemoryHash> MEMORIES =
      Stream.of("m0", "m1", "m2", "m3", "m4", "m5").map(MemoryHash::of).toList();

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> devicesConverge_underRandomFaults() {
    String single = System.getProperty("simulation.seed");
    LongStream seeds =
        single != null
            ? LongStream.of(Long.parseLong(single))
            : LongStream.rangeClosed(1, Long.getLong("simulation.seeds", 200));
    return seeds.mapToObj(
        seed -> DynamicTest.dynamicTest("seed " + seed, () -> new Run(seed, dir).execute()));
  }

  /** One simulation. */
  private static final class Run {
    private final long seed;
    private final Random random;
    private final Path dir;
    private final MutableClock clock = new MutableClock(START);
    private final InMemoryRemoteGraph remote = new InMemoryRemoteGraph();
    private final ReplicatedGraph oracle = new ReplicatedGraph();
    private final List<Device> devices = new ArrayList<>();
    private final SyncConfig config;

    Run(long seed, Path parent) throws IOException {
      this.seed = seed;
      this.random = new Random(seed);
      this.dir = Files.createDirectories(parent.resolve("seed-" + seed));
      this.config =
          SyncConfig.defaults(true)
              .withBatchSizes(1 + random.nextInt(8), 1 + random.nextInt(8), 1 + random.nextInt(8));
    }

    void execute() {
      try {
        int count = 2 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          devices.add(new Device(i));
        }
        int steps = 40 + random.nextInt(60);
        for (int step = 0; step < steps; step++) {
          step();
        }
        heal();
        verify();
        devices.forEach(Device::assertRecovered);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "simulation seed "
                + seed
                + " failed (replay with -Dsimulation.seed="
                + seed
                + "): "
                + e.getMessage(),
            e);
      } finally {
        devices.forEach(Device::close);
      }
    }

    private void step() {
      Device device = devices.get(random.nextInt(devices.size()));
      int roll = random.nextInt(100);
      if (roll < 30) {
        device.store.associations().store(randomAssociation(device));
        device.record();
      } else if (roll < 40) {
        MemoryHash a = randomMemory();
        MemoryHash b = otherMemory(a);
        device.store.associations().delete(a, b);
        device.record();
      } else if (roll < 43) {
        device.store.associations().deleteMemory(randomMemory());
        device.record();
      } else if (roll < 63) {
        round(device, () -> device.sync.pusher().pushDue());
      } else if (roll < 83) {
        round(device, () -> device.sync.puller().pull());
      } else if (roll < 87) {
        round(device, () -> device.sync.pusher().forcePush());
      } else if (roll < 92) {
        device.crashAndRestart(random.nextBoolean());
      } else if (roll < 95) {
        device.toggleDefect();
      } else {
        clock.advance(Duration.ofMillis(random.nextInt(5_000)));
      }
      device.assertStatusWhileBroken();
    }

    /**
     * Runs a push or pull round. A round that throws must be one that met the defect, and must be
     * in the status at once: state, last error, one more failure in a row, since when.
     */
    private void round(Device device, Runnable round) {
      int before = device.status().consecutiveFailures();
      try {
        round.run();
      } catch (FaultyRemote.Defect e) {
        SyncStatus status = device.status();
        assertThat(status.state()).as("state after a failed round").isEqualTo(SyncStatus.FAILING);
        assertThat(status.lastError())
            .as("last error after a failed round")
            .hasValueSatisfying(error -> assertThat(error).contains(e.getMessage()));
        assertThat(status.lastErrorCategory()).hasValue(FailureCategory.INTERNAL);
        assertThat(status.consecutiveFailures()).as("failures in a row").isEqualTo(before + 1);
        assertThat(status.failingSince())
            .hasValueSatisfying(since -> assertThat(since).isBeforeOrEqualTo(device.now()));
        device.defectMet = true;
      }
    }

    private void heal() {
      devices.forEach(d -> d.faults.heal());
      for (int round = 0; round < 20; round++) {
        clock.advance(Duration.ofHours(1));
        for (Device device : devices) {
          device.sync.pusher().forcePush();
        }
        for (Device device : devices) {
          device.sync.puller().pull();
        }
        if (drained()) {
          return;
        }
      }
      fail("queues did not drain after healing: " + queueReport());
    }

    private boolean drained() {
      long head = remote.headSequence();
      for (Device device : devices) {
        if (device.store.outbox().depth() > 0 || device.sync.ledger().cursor() != head) {
          return false;
        }
      }
      return true;
    }

    private String queueReport() {
      StringBuilder out = new StringBuilder("head=" + remote.headSequence());
      for (Device device : devices) {
        out.append(", device ")
            .append(device.index)
            .append(": depth=")
            .append(device.store.outbox().depth())
            .append(" parked=")
            .append(device.store.outbox().parked(100))
            .append(" cursor=")
            .append(device.sync.ledger().cursor());
      }
      return out.toString();
    }

    private void verify() {
      List<ReplicatedRow> expected = oracle.rows();
      assertThat(remote.rows()).as("remote rows").isEqualTo(expected);
      for (Device device : devices) {
        List<ReplicatedRow> rows = device.store.replica().rows(Optional.empty(), 10_000);
        assertThat(rows).as("rows of device %d", device.index).isEqualTo(expected);
        List<Association> visible = visibleRows(device.store.associations());
        assertThat(visible)
            .as("visible associations of device %d", device.index)
            .isEqualTo(oracle.visibleRows());
        assertPairInvariant(visible);
        assertThat(device.store.outbox().depth()).as("queue of device %d", device.index).isZero();
      }
    }

    private Association randomAssociation(Device device) {
      MemoryHash source = randomMemory();
      MemoryHash target = otherMemory(source);
      RelationshipType type =
          RelationshipType.values()[random.nextInt(RelationshipType.values().length)];
      return new Association(
          source,
          target,
          type,
          Similarity.of(random.nextInt(101) / 100.0),
          ConnectionTypes.of("semantic"),
          Metadata.of(Map.of("device", (long) device.index, "n", (long) random.nextInt(1000))),
          1_700_000_000.0 + random.nextInt(1_000));
    }

    private MemoryHash randomMemory() {
      return MEMORIES.get(random.nextInt(MEMORIES.size()));
    }

    private MemoryHash otherMemory(MemoryHash not) {
      MemoryHash other;
      do {
        other = randomMemory();
      } while (other.equals(not));
      return other;
    }

    /** A device: its SQLite file, store, sync services and its view of the remote. */
    private final class Device {
      final int index;
      final Path file;
      final MutableClock deviceClock;
      final FaultyRemote faults;
      boolean defectMet;
      SqliteGraphStore store;
      SyncParts sync;

      Device(int index) {
        this.index = index;
        this.file = dir.resolve("device-" + index + ".db");
        this.deviceClock = clock.skewed(Duration.ofMillis(random.nextInt(20_001) - 10_000));
        this.faults = new FaultyRemote(remote, new Random(random.nextLong()), 0.3);
        open();
      }

      private void open() {
        store =
            SqliteGraphStore.open(
                SqliteStoreConfig.of(file)
                    .withDeviceId(new DeviceId("device-" + index))
                    .withDurability(SqliteStoreConfig.Durability.NORMAL),
                deviceClock);
        sync =
            TestSync.of(store, faults, deviceClock)
                .config(config)
                .random(random::nextDouble)
                .build();
      }

      void record() {
        oracle.merge(store.replica().rows(Optional.empty(), 10_000));
      }

      void crashAndRestart(boolean midPush) {
        if (midPush && store.outbox().depth() > 0 && !faults.broken()) {
          faults.crashOnNextPush();
          try {
            sync.pusher().forcePush();
          } catch (FaultyRemote.Crash expected) {
            // the device dies after the remote applied its batch, before acknowledging locally
          }
        }
        store.close();
        open();
      }

      SyncStatus status() {
        return sync.control().status();
      }

      Instant now() {
        return deviceClock.instant();
      }

      /** Turns the defect on (every call to the remote throws) or off. */
      void toggleDefect() {
        if (faults.broken()) {
          faults.fix();
          defectMet = false;
        } else {
          faults.breakDown("simulated defect " + random.nextInt(1_000) + " on device " + index);
        }
      }

      /**
       * While the defect is on and a round met it, no round can succeed: the status must keep
       * saying that sync is failing (across a restart too, from what the ledger kept).
       */
      void assertStatusWhileBroken() {
        if (faults.broken() && defectMet) {
          SyncStatus status = status();
          assertThat(status.state())
              .as("state of device %d while broken", index)
              .isEqualTo(SyncStatus.FAILING);
          assertThat(status.consecutiveFailures()).isPositive();
          assertThat(status.lastError()).isPresent();
        }
      }

      /** Once healed and drained, nothing is failing any more. */
      void assertRecovered() {
        SyncStatus status = status();
        assertThat(status.state()).as("state of device %d after healing", index).isEqualTo("NEW");
        assertThat(status.consecutiveFailures()).isZero();
        assertThat(status.failingSince()).isEmpty();
        assertThat(status.lastError()).isEmpty();
      }

      void close() {
        store.close();
      }
    }
  }

  private static List<Association> visibleRows(AssociationStore store) {
    List<Association> visible = new ArrayList<>();
    for (MemoryHash memory : MEMORIES) {
      visible.addAll(store.associationsOf(memory, Direction.OUTGOING, Set.of()));
    }
    visible.sort(Comparator.comparing(Association::key));
    return visible;
  }

  static void assertPairInvariant(List<Association> visible) {
    Map<PairKey, List<Association>> byPair = new HashMap<>();
    for (Association row : visible) {
      byPair.computeIfAbsent(row.pair(), k -> new ArrayList<>()).add(row);
    }
    for (Map.Entry<PairKey, List<Association>> entry : byPair.entrySet()) {
      List<Association> rows = entry.getValue();
      long symmetric = rows.stream().filter(Association::isSymmetric).count();
      if (symmetric > 0) {
        assertThat(rows).as("pair %s", entry.getKey()).hasSize(2);
        assertThat(rows.get(0).mirrored()).as("pair %s", entry.getKey()).isEqualTo(rows.get(1));
      } else {
        assertThat(rows.stream().map(Association::key).distinct().count())
            .as("pair %s", entry.getKey())
            .isEqualTo(rows.size());
      }
    }
  }
}
