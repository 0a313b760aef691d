package io.hybridgraph.d1;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.util.Map;

/** Rows for adapter tests. */
final class TestRows {

  private TestRows() {}

  /** A directed row from {@code source} to {@code target}, written at {@code tick} by device. */
  static ReplicatedRow row(String source, String target, long tick, DeviceId device) {
    return ReplicatedRow.present(
        new Association(
            MemoryHash.of(source),
            MemoryHash.of(target),
            RelationshipType.CAUSES,
            io.hybridgraph.domain.model.Similarity.of((tick % 100) / 100.0),
            ConnectionTypes.of("semantic"),
            Metadata.of(Map.of("tick", tick, "device", device.value())),
            1_700_000_000.0 + tick),
        new Version(1, new Hlc(1_700_000_000_000L + tick, 0, device)));
  }
}
