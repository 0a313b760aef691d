package io.hybridgraph.sync.service;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.replica.ReplicatedGraph;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.HybridClock;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sqlite.SqliteStoreConfig;
import io.hybridgraph.sync.SyncConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders shared by the sync tests. */
final class SyncFixtures {

  static final long START = 1_800_000_000_000L;

  private SyncFixtures() {}

  static SqliteGraphStore openStore(Path file, String device, Clock clock) {
    return SqliteGraphStore.open(
        SqliteStoreConfig.of(file)
            .withDeviceId(new DeviceId(device))
            .withDurability(SqliteStoreConfig.Durability.NORMAL),
        clock);
  }

  /**
   * A config with 1 s initial backoff growing x2 to 5 s, an access retry of 1 s, and the given
   * sizes and retries.
   */
  static SyncConfig config(int pushBatchSize, int pageSize, int maxRetries) {
    return new SyncConfig(
        true,
        pushBatchSize,
        pageSize,
        false,
        maxRetries,
        2.0,
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        pageSize,
        10_000_000_000L,
        Duration.ofSeconds(1));
  }

  static Association association(
      String source, String target, RelationshipType type, double similarity) {
    return new Association(
        MemoryHash.of(source),
        MemoryHash.of(target),
        type,
        Similarity.of(similarity),
        ConnectionTypes.of("semantic"),
        Metadata.of(Map.of("note", source + "-" + target)),
        1_700_000_000.0);
  }

  /** A directed association {@code a<i> -> b<i>}: one replicated row. */
  static Association directed(int i) {
    return association(
        String.format("a%05d", i), String.format("b%05d", i), RelationshipType.CAUSES, 0.5);
  }

  /**
   * Rows of {@code count} directed associations written on another device ({@code m<i> -> n<i>}),
   * in key order: what a legacy database or a second device holds without it being in this device's
   * outbox.
   */
  static List<ReplicatedRow> foreignRows(String device, int count, Clock clock) {
    ReplicatedGraph graph = new ReplicatedGraph();
    HybridClock hybrid = new HybridClock(clock, new DeviceId(device));
    List<ReplicatedRow> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rows.addAll(
          graph.store(
              association(
                  String.format("m%05d", i),
                  String.format("n%05d", i),
                  RelationshipType.SUPPORTS,
                  (i % 100) / 100.0),
              hybrid));
    }
    return rows;
  }
}
