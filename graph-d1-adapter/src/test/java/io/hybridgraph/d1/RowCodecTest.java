package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowCodecTest {

  private final RowCodec codec = new RowCodec(D1Remote.objectMapper());
  private final Version version =
      new Version(3, new Hlc(1_700_000_000_000L, 2, new DeviceId("dev-1")));

  @Test
  void tombstone_isWrittenWithNeutralValues() {
    EncodedRow row =
        codec.encode(ReplicatedRow.tombstone(RowKey.of("a", "b"), new Version(2, version.clock())));

    assertThat(row.deleted()).isTrue();
    assertThat(row.similarity()).isZero();
    assertThat(row.connectionTypes()).isEqualTo("[]");
    assertThat(row.metadata()).isNull();
    assertThat(row.createdAt()).isZero();
    assertThat(row.relationshipType()).isNull();
    assertThat(row.causalLength()).isEqualTo(2);
    assertThat(row.hlc()).isEqualTo("018bcfe56800.0002.dev-1");
  }

  @Test
  void presentRow_isWrittenAsJsonColumns_andReadBackEqual() {
    Association association =
        new Association(
            MemoryHash.of("a"),
            MemoryHash.of("b"),
            RelationshipType.CONTRADICTS,
            Similarity.of(0.25),
            ConnectionTypes.of("z", "a \"quoted\""),
            Metadata.of(Map.of("k", List.of(1L, "two"))),
            12.5);
    ReplicatedRow row = ReplicatedRow.present(association, version);

    EncodedRow encoded = codec.encode(row);
    RowCodec.Decoded decoded = codec.decode(columns(encoded, 9));

    assertThat(encoded.connectionTypes()).isEqualTo("[\"z\",\"a \\\"quoted\\\"\"]");
    assertThat(encoded.metadata()).isEqualTo("{\"k\":[1,\"two\"]}");
    assertThat(encoded.relationshipType()).isEqualTo("contradicts");
    assertThat(decoded.row()).contains(row);
    assertThat(decoded.sequence()).isEqualTo(9);
  }

  @Test
  void legacyShapes_areReadLeniently() {
    Map<String, Object> columns = base();
    columns.put("relationship_type", null);
    columns.put("connection_types", "semantic");
    columns.put("metadata", null);

    Association read = codec.decode(columns).row().orElseThrow().value().orElseThrow();

    assertThat(read.type()).isEqualTo(RelationshipType.RELATED);
    assertThat(read.connectionTypes().values()).containsExactly("semantic");
    assertThat(read.metadata()).isEqualTo(Metadata.empty());
  }

  @Test
  void rowsBreakingDomainRules_areReportedNotThrown() {
    Map<String, Object> selfLoop = base();
    selfLoop.put("target_hash", "a");
    Map<String, Object> unknownType = base();
    unknownType.put("relationship_type", "likes");
    Map<String, Object> notAnObject = base();
    notAnObject.put("metadata", "[1,2]");
    Map<String, Object> liveButEven = base();
    liveButEven.put("causal_length", 2);

    assertThat(codec.decode(selfLoop).problem()).contains("two different memories");
    assertThat(codec.decode(unknownType).problem()).contains("unknown relationship type 'likes'");
    assertThat(codec.decode(notAnObject).problem()).contains("metadata is not a JSON object");
    assertThat(codec.decode(liveButEven).problem()).contains("marks the pair as deleted");
    assertThat(codec.decode(selfLoop).row()).isEmpty();
    assertThat(codec.decode(selfLoop).sequence()).isEqualTo(5);
  }

  private Map<String, Object> base() {
    Map<String, Object> columns = new HashMap<>();
    columns.put("source_hash", "a");
    columns.put("target_hash", "b");
    columns.put("similarity", 0.5);
    columns.put("connection_types", "[\"semantic\"]");
    columns.put("metadata", "{}");
    columns.put("created_at", 1.5);
    columns.put("relationship_type", "causes");
    columns.put("causal_length", 1);
    columns.put("hlc", "018bcfe56800.0000.legacy");
    columns.put("deleted", 0);
    columns.put("change_seq", 5);
    return columns;
  }

  private static Map<String, Object> columns(EncodedRow row, long sequence) {
    Map<String, Object> columns = new HashMap<>();
    columns.put("source_hash", row.source());
    columns.put("target_hash", row.target());
    columns.put("similarity", row.similarity());
    columns.put("connection_types", row.connectionTypes());
    columns.put("metadata", row.metadata());
    columns.put("created_at", row.createdAt());
    columns.put("relationship_type", row.relationshipType());
    columns.put("causal_length", (int) row.causalLength());
    columns.put("hlc", row.hlc());
    columns.put("deleted", row.deleted() ? 1 : 0);
    columns.put("change_seq", sequence);
    return columns;
  }
}
