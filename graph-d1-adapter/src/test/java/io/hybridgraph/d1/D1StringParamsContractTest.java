package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Extension;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraph.PushBatch;
import io.hybridgraph.domain.port.out.RemoteGraphContract;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The remote graph contract against the D1 adapter on the local D1 with every numeric parameter
 * bound as a string ({@link StringifyingDatabase}): no statement may depend on a parameter keeping
 * its JSON type, since Cloudflare's published schema types {@code params} as strings. The schema is
 * migrated through it too.
 */
@ExtendWith(LocalD1Extension.class)
class D1StringParamsContractTest extends RemoteGraphContract {

  private final LocalD1Database db;
  private StringifyingDatabase strings;
  private D1RemoteGraph graph;

  D1StringParamsContractTest(LocalD1Database db) {
    this.db = db;
  }

  @Override
  protected RemoteGraph newRemote() {
    db.reset();
    D1Remote remote = D1Remote.create(db.config().build());
    strings = new StringifyingDatabase(remote.database());
    new SchemaMigrator(strings, nanos -> TimeUnit.NANOSECONDS.sleep(nanos)).migrate();
    CapacityMonitor capacity = new CapacityMonitor(remote.config(), Clock.systemUTC());
    capacity.sizeSource(() -> strings.info().fileSize().orElseThrow());
    graph =
        new D1RemoteGraph(
            strings,
            new RowCodec(D1Remote.objectMapper()),
            BatchPacker.forConfig(remote.config()),
            capacity,
            3);
    return graph;
  }

  @Override
  protected List<ReplicatedRow> scan(Optional<RowKey> after, int limit) {
    return graph.scan(after, limit);
  }

  @Test
  void numericParameters_reallyWentAsStrings() {
    ReplicatedRow row = directed("m01", "m02", RelationshipType.CAUSES, 1, clock(1, DEVICE_A));
    long before = strings.stringified();

    remote().push(new PushBatch(DEVICE_A, 1, List.of(row)));
    remote().pull(0, 10);
    remote().pullExcept(0, 10, DEVICE_B);
    assertThat(remote().bucketRows(RowDigest.bucket(row.key()))).containsExactly(row);

    // similarity and created_at of the pushed row, the two cursors, the range end, the bucket
    assertThat(strings.stringified() - before).isEqualTo(6);
  }
}
