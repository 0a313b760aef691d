package io.hybridgraph.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Typed reads from an environment map: fallbacks, parsing, and every error named and kept. */
class EnvReaderTest {

  @Test
  void absentOrBlank_takesTheFallback_andValuesAreStripped() {
    EnvReader reader = new EnvReader(Map.of("BLANK", "  ", "PADDED", " 42 "));

    assertThat(reader.value("ABSENT")).isEmpty();
    assertThat(reader.value("BLANK")).isEmpty();
    assertThat(reader.integer("BLANK", 7, 0, 100)).isEqualTo(7);
    assertThat(reader.integer("PADDED", 7, 0, 100)).isEqualTo(42);
    assertThat(reader.bool("ABSENT", true)).isTrue();
    assertThat(reader.millis("ABSENT", Duration.ofSeconds(3), 1, 10_000))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(reader.path("ABSENT")).isEmpty();
    assertThat(reader.errors()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"true,true", "1,true", "YES,true", "on,true", "false,false", "0,false", "No,false"})
  void bool_acceptsTheUsualSpellings(String raw, boolean expected) {
    EnvReader reader = new EnvReader(Map.of("FLAG", raw));

    assertThat(reader.bool("FLAG", !expected)).isEqualTo(expected);
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void parsedValues_haveTheirTypes() {
    EnvReader reader =
        new EnvReader(
            Map.of("BIG", "10000000000", "RATIO", "1.5", "WAIT_MS", "250", "DIR", "data/x"));

    assertThat(reader.longInteger("BIG", 0, 0, Long.MAX_VALUE)).isEqualTo(10_000_000_000L);
    assertThat(reader.decimal("RATIO", 1.0, 1.0, 10.0)).isEqualTo(1.5);
    assertThat(reader.millis("WAIT_MS", Duration.ZERO, 1, 1_000)).isEqualTo(Duration.ofMillis(250));
    assertThat(reader.path("DIR")).contains(Path.of("data/x"));
  }

  @Test
  void invalidValues_takeTheFallback_andEveryErrorIsListedInOrder() {
    EnvReader reader =
        new EnvReader(
            Map.of(
                "FLAG", "maybe",
                "COUNT", "many",
                "PORT", "70000",
                "RATIO", "NaN",
                "DIR", "a\0b"));

    assertThat(reader.bool("FLAG", true)).isTrue();
    assertThat(reader.integer("COUNT", 3, 1, 10)).isEqualTo(3);
    assertThat(reader.integer("PORT", 8765, 0, 65_535)).isEqualTo(8765);
    assertThat(reader.decimal("RATIO", 2.0, 1.0, 10.0)).isEqualTo(2.0);
    assertThat(reader.path("DIR")).isEmpty();
    reader.error("OTHER is wrong");

    assertThat(reader.errors())
        .satisfiesExactly(
            e -> assertThat(e).isEqualTo("FLAG must be true or false, was 'maybe'"),
            e -> assertThat(e).isEqualTo("COUNT must be a whole number, was 'many'"),
            e -> assertThat(e).isEqualTo("PORT must be within [0, 65535], was 70000"),
            e -> assertThat(e).isEqualTo("RATIO must be within [1.0, 10.0], was NaN"),
            // The reason after the colon is the file system's.
            e -> assertThat(e).startsWith("DIR must be a file system path, was 'a\0b': "),
            e -> assertThat(e).isEqualTo("OTHER is wrong"));
    assertThatThrownBy(() -> reader.throwIfInvalid("invalid settings"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid settings: " + String.join("; ", reader.errors()));
  }

  @Test
  void throwIfInvalid_withoutErrors_doesNothing() {
    EnvReader reader = new EnvReader(Map.of("COUNT", "5"));
    reader.integer("COUNT", 1, 1, 10);

    assertThatCode(() -> reader.throwIfInvalid("invalid settings")).doesNotThrowAnyException();
  }
}
