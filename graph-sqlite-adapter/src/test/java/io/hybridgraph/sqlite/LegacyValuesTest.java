package io.hybridgraph.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Metadata;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a device reads legacy values of {@code memory_graph}. D1's upgrade of the Python service's
 * table writes the same values (graph-d1-adapter's {@code D1SchemaMigrationTest} pins the same
 * cases), so that a device and the cloud hold equal content under the equal versions both give
 * legacy rows.
 */
class LegacyValuesTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "' semantic '|semantic",
        "'[null, \"a\", \"\", \" \"]'|a",
        "'[1, true, 2.5, \"x\"]'|1,true,2.5,x",
        "'[not json'|[not json",
        "'\"quoted\"'|\"quoted\"",
        "' \t'|",
        "'[]'|",
      })
  void connectionTypes(String stored, String expected) {
    List<String> wanted = expected == null ? List.of() : Arrays.asList(expected.split(",", -1));

    assertThat(RowCodec.parseConnectionTypes(stored).values()).isEqualTo(wanted);
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {"'null'", "''", "' \t\n'", "' null '"})
  void metadataThatIsBlankOrJsonNull_isNoMetadata(String stored) {
    assertThat(RowCodec.parseMetadata(stored)).isEqualTo(Metadata.empty());
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {"'[1, 2]'", "'not json'", "'\"text\"'"})
  void otherMetadataThatIsNotAnObject_isKeptAsLegacyMetadata(String stored) {
    assertThat(RowCodec.parseMetadata(stored).values())
        .isEqualTo(Map.of("legacy_metadata", stored));
  }
}
