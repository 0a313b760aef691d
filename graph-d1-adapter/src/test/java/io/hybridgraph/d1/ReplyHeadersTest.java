package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.d1.ReplyHeaders.Policy;
import io.hybridgraph.d1.ReplyHeaders.Remaining;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyHeadersTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void cloudflaresHeaders_giveTheRemainingBudgetAndThePolicy() {
    Map<String, Collection<String>> headers =
        Map.of(
            "Ratelimit", List.of("\"default\";r=1187;t=251"),
            "Ratelimit-Policy", List.of("\"default\";q=1200;w=300"));

    assertThat(ReplyHeaders.remaining(headers)).contains(new Remaining(1187, 251));
    assertThat(ReplyHeaders.policy(headers)).contains(new Policy(1200, 300));
  }

  @Test
  void headerNames_matchInAnyCase_andSpacesAroundParametersAreIgnored() {
    Map<String, Collection<String>> headers =
        Map.of(
            "RATELIMIT", List.of(" \"default\" ; r = 5 ; t = 0 "),
            "ratelimit-POLICY", List.of("default;w=60;q=100"));

    assertThat(ReplyHeaders.remaining(headers)).contains(new Remaining(5, 0));
    assertThat(ReplyHeaders.policy(headers)).contains(new Policy(100, 60));
  }

  @Test
  void ofSeveralPolicies_theDefaultOneIsRead_elseTheFirstComplete() {
    Map<String, Collection<String>> withDefault =
        Map.of("ratelimit", List.of("\"burst\";r=3;t=1, \"default\";r=900;t=120"));
    Map<String, Collection<String>> withoutDefault =
        Map.of("ratelimit", List.of("\"a\";r=3, \"b,c\";r=7;t=9, \"d\";r=1;t=1"));

    assertThat(ReplyHeaders.remaining(withDefault)).contains(new Remaining(900, 120));
    assertThat(ReplyHeaders.remaining(withoutDefault)).contains(new Remaining(7, 9));
  }

  @Test
  void absentHeaders_readAsNothing() {
    assertThat(ReplyHeaders.remaining(Map.of())).isEmpty();
    assertThat(ReplyHeaders.policy(Map.of())).isEmpty();
    assertThat(ReplyHeaders.remaining(null)).isEmpty();
    assertThat(ReplyHeaders.retryAfter(Map.of(), CLOCK)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "\"default\"",
        "\"default\";r=5",
        "\"default\";t=5",
        "\"default\";r=-1;t=5",
        "\"default\";r=1.5;t=5",
        "\"default\";r=five;t=5",
        "\"default\";r=1234567890123456;t=5",
        "\"default;r=1;t=5",
        "r=1,t=5",
        ";;;,,,",
        "\"default\";r=;t="
      })
  void malformedRatelimit_readsAsNothing_neverFails(String value) {
    assertThat(ReplyHeaders.remaining(Map.of("ratelimit", List.of(value)))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\"default\";q=0;w=300", "\"default\";q=1200;w=0", "\"default\";q=1200", "junk"})
  void malformedOrEmptyPolicy_readsAsNothing(String value) {
    assertThat(ReplyHeaders.policy(Map.of("ratelimit-policy", List.of(value)))).isEmpty();
  }

  @Test
  void retryAfter_readsSecondsAndHttpDates_andIgnoresAnythingElse() {
    assertThat(ReplyHeaders.retryAfter(Map.of("Retry-After", List.of("7")), CLOCK))
        .contains(Duration.ofSeconds(7));
    assertThat(ReplyHeaders.retryAfter(Map.of("retry-after", List.of("0.25")), CLOCK))
        .contains(Duration.ofMillis(250));
    assertThat(
            ReplyHeaders.retryAfter(
                Map.of("retry-after", List.of("Thu, 15 Jan 2026 10:01:30 GMT")), CLOCK))
        .contains(Duration.ofSeconds(90));
    assertThat(
            ReplyHeaders.retryAfter(
                Map.of("retry-after", List.of("Thu, 15 Jan 2026 09:00:00 GMT")), CLOCK))
        .contains(Duration.ZERO);
    assertThat(ReplyHeaders.retryAfter(Map.of("retry-after", List.of("soon")), CLOCK)).isEmpty();
    assertThat(ReplyHeaders.retryAfter(Map.of("retry-after", List.of("NaN")), CLOCK)).isEmpty();
  }
}
