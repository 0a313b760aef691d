package io.hybridgraph.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTest {

  @Test
  void toJson_sortsKeysAtEveryLevel_withoutWhiteSpace() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("b", 1);
    values.put("a", Arrays.asList(true, 1.5, "x", null));
    values.put("A", null);
    values.put("nested", Map.of("z", 2L, "y", Map.of("k", false)));

    assertThat(Metadata.of(values).toJson())
        .isEqualTo(
            "{\"A\":null,\"a\":[true,1.5,\"x\",null],\"b\":1,\"nested\":{\"y\":{\"k\":false},\"z\":2}}");
  }

  @Test
  void toJson_escapesQuotesBackslashesAndControlCharacters_inKeysAndValues() {
    Metadata metadata =
        Metadata.of(Map.of("k\"ey\n", "q\" b\\ n\n t\t r\r b\b f\f c\u0001 u\u001f é ✓"));

    assertThat(metadata.toJson())
        .isEqualTo(
            "{\"k\\\"ey\\n\":\"q\\\" b\\\\ n\\n t\\t r\\r b\\b f\\f c\\u0001 u\\u001f é ✓\"}");
  }

  @Test
  void equalValues_encodeEqually_whateverTheMapOrderOrIntegerType() {
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("n", 1);
    first.put("list", List.of((short) 2, (byte) 3));
    first.put("big", BigInteger.TEN);
    Map<String, Object> second = new LinkedHashMap<>();
    second.put("big", 10L);
    second.put("list", List.of(2L, 3));
    second.put("n", 1L);

    Metadata a = Metadata.of(first);
    Metadata b = Metadata.of(second);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.toJson()).isEqualTo(b.toJson()).isEqualTo("{\"big\":10,\"list\":[2,3],\"n\":1}");
    assertThat(a).isNotEqualTo(Metadata.of(Map.of("n", 2)));
  }

  @Test
  void emptyOrNull_isTheEmptyObject() {
    assertThat(Metadata.of(null)).isSameAs(Metadata.empty());
    assertThat(Metadata.of(Map.of())).isSameAs(Metadata.empty());
    assertThat(Metadata.empty().toJson()).isEqualTo("{}");
    assertThat(Metadata.empty().isEmpty()).isTrue();
  }

  @Test
  void values_areACopy_thatCannotBeChanged() {
    List<Object> list = new ArrayList<>(List.of("a"));
    Map<String, Object> source = new HashMap<>(Map.of("list", list));

    Metadata metadata = Metadata.of(source);
    list.add("b");
    source.put("other", 1);

    assertThat(metadata.toJson()).isEqualTo("{\"list\":[\"a\"]}");
    assertThat(metadata.values()).containsOnlyKeys("list");
    assertThatThrownBy(() -> metadata.values().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> copied = (List<Object>) metadata.values().get("list");
    assertThatThrownBy(() -> copied.add("c")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nonFiniteNumber_isRejectedNamingItsPath() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Metadata.of(Map.of("score", Double.NaN)))
        .withMessage("metadata.score must be a finite number, was NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Metadata.of(Map.of("scores", List.of(1.0, Float.POSITIVE_INFINITY))))
        .withMessage("metadata.scores[1] must be a finite number, was Infinity");
  }

  @Test
  void unsupportedValueType_isRejectedNamingPathAndType() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Metadata.of(Map.of("when", Map.of("at", Instant.EPOCH))))
        .withMessage(
            "metadata.when.at must be a string, number, boolean, null, list or object, was Instant");
  }

  @Test
  void nonStringKey_isRejectedNamingThePath() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Metadata.of(Map.of("inner", Map.of(1, "x"))))
        .withMessage("metadata.inner has a key that is not a string");
  }

  @Test
  void integerBeyond64Bits_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Metadata.of(Map.of("big", BigInteger.TWO.pow(64))))
        .withMessage("metadata.big is an integer outside the 64-bit range");
    assertThat(Metadata.of(Map.of("d", new BigDecimal("2.5"))).toJson()).isEqualTo("{\"d\":2.5}");
  }

  @Test
  void thirtyTwoLevelsOfNesting_areAccepted_whateverTheInnermostValue() {
    assertThat(Metadata.of(nested(32, Map.of())).toJson()).startsWith("{\"a\":".repeat(31) + "{}");
    assertThat(Metadata.of(nested(32, Map.of("leaf", 1))).toJson()).contains("{\"leaf\":1}");
    assertThat(Metadata.of(nested(32, List.of("leaf"))).toJson()).contains("[\"leaf\"]");
    assertThat(Metadata.of(nested(31, List.of(List.of()))).toJson()).contains("[[]]");
  }

  @Test
  void thirtyThreeLevelsOfNesting_areRejectedNamingThePath() {
    String path = "metadata" + ".a".repeat(32);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Metadata.of(nested(33, Map.of())))
        .withMessage(path + " is nested deeper than 32 levels");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Metadata.of(nested(33, List.of())))
        .withMessage(path + " is nested deeper than 32 levels");
  }

  @Test
  void encodingUpTo256KiB_isAccepted_oneByteMore_isRejectedWithItsSize() {
    // {"k":"..."} is 8 bytes around the value.
    assertThat(Metadata.of(Map.of("k", "x".repeat(262_136))).toJson()).hasSize(262_144);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Metadata.of(Map.of("k", "x".repeat(262_137))))
        .withMessage("metadata must encode to at most 262144 bytes of JSON, was 262145");
  }

  @Test
  void sizeBound_countsUtf8Bytes_notCharacters() {
    assertThat(Metadata.of(Map.of("k", "é".repeat(131_068))).toJson()).hasSize(131_076);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Metadata.of(Map.of("k", "é".repeat(131_069))))
        .withMessage("metadata must encode to at most 262144 bytes of JSON, was 262146");
  }

  /**
   * {@code levels} nested containers: {@code levels - 1} objects {"a": ...} around {@code
   * innermost}, which is itself the last container.
   */
  private static Map<String, Object> nested(int levels, Object innermost) {
    Object value = innermost;
    for (int i = 1; i < levels - 1; i++) {
      value = Map.of("a", value);
    }
    return Map.of("a", value);
  }

  @Test
  void loneSurrogateInAValue_isRejectedNamingItsPath() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Metadata.of(Map.of("a", List.of("ok", "x\ud800"))))
        .withMessage(
            "metadata.a[1] must be valid Unicode text, found a lone surrogate U+D800 at index 1");
  }

  @Test
  void loneSurrogateInAKey_isRejectedNamingItsPath() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Metadata.of(Map.of("outer", Map.of("\udc00", 1))))
        .withMessage(
            "metadata.outer key must be valid Unicode text, found a lone surrogate U+DC00 at index"
                + " 0");
  }

  @Test
  void surrogatePairs_areKept() {
    assertThat(Metadata.of(Map.of("emoji", "\ud83d\ude00")).toJson())
        .isEqualTo("{\"emoji\":\"\ud83d\ude00\"}");
  }
}
