package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Extension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The cloud probe of {@code doctor --cloud-probe} against the real local D1. */
@ExtendWith(LocalD1Extension.class)
class D1CloudProbeTest {

  private final LocalD1Database local;
  private D1Remote remote;

  D1CloudProbeTest(LocalD1Database local) {
    this.local = local;
  }

  @BeforeEach
  void fresh() {
    local.reset();
    remote = D1Remote.create(local.config().build());
  }

  @Test
  void everyShapePasses_andTheScratchTablesAreGoneAfterwards() {
    List<D1ProbeResult> results = remote.probe();

    assertThat(results)
        .extracting(D1ProbeResult::shape)
        .containsExactly(
            CloudProbe.SCRATCH,
            CloudProbe.JSON_TYPES,
            CloudProbe.MERGE_RULE,
            CloudProbe.COUNTER,
            CloudProbe.PULL,
            CloudProbe.TRIGGER,
            CloudProbe.DROP);
    assertThat(results).allSatisfy(r -> assertThat(r.error()).as(r.shape()).isEmpty());
    assertThat(results).allMatch(D1ProbeResult::passed);
    assertThat(probeTables()).isEmpty();
  }

  @Test
  void aShapeTheServiceRefuses_failsWithItsError_andTheOthersStillRun() {
    // As Cloudflare's statement splitter once refused a trigger body: "incomplete input".
    D1Database refusingTriggers =
        new D1Database() {
          @Override
          public D1Result query(D1Statement statement) {
            return remote.database().query(statement);
          }

          @Override
          public List<D1Result> batch(List<D1Statement> statements) {
            if (statements.stream().anyMatch(s -> s.sql().startsWith("CREATE TRIGGER"))) {
              throw new RejectedRemoteException(
                  "D1 rejected the run queries (HTTP 400, code 7500: incomplete input: SQLITE_ERROR)"
                      + " for token "
                      + local.token(),
                  400,
                  7500,
                  "incomplete input: SQLITE_ERROR",
                  null);
            }
            return remote.database().batch(statements);
          }

          @Override
          public D1DatabaseInfo info() {
            return remote.database().info();
          }
        };
    CloudProbe probe =
        new CloudProbe(
            refusingTriggers,
            new Redactor(ApiToken.of(local.token())),
            new RowCodec(D1Remote.objectMapper()),
            "refusing");

    Map<String, D1ProbeResult> results =
        probe.run().stream().collect(Collectors.toMap(D1ProbeResult::shape, r -> r));

    D1ProbeResult trigger = results.get(CloudProbe.TRIGGER);
    assertThat(trigger.passed()).isFalse();
    assertThat(trigger.error().orElseThrow())
        .contains("incomplete input")
        .doesNotContain(local.token());
    assertThat(results.values().stream().filter(D1ProbeResult::passed).count()).isEqualTo(6);
    assertThat(probeTables()).isEmpty();
  }

  @Test
  void whenTheScratchTablesCannotBeCreated_noShapeRuns_butTheDropIsStillTried() {
    local.injectFault(Map.of("status", 500, "count", 1));

    List<D1ProbeResult> results = remote.probe();

    assertThat(results.get(0).passed()).isFalse();
    assertThat(results.get(0).error().orElseThrow()).contains("HTTP 500");
    assertThat(results.subList(1, 6))
        .allSatisfy(
            r ->
                assertThat(r.error()).contains("not run: the scratch tables could not be created"));
    assertThat(results.get(6).passed()).isTrue();
    assertThat(results).allSatisfy(r -> assertThat(r.toString()).doesNotContain(local.token()));
  }

  private Set<String> probeTables() {
    return remote
        .database()
        .query(
            D1Statement.of(
                "SELECT name FROM sqlite_master WHERE name LIKE ?", CloudProbe.PREFIX + "%"))
        .rows()
        .stream()
        .map(r -> (String) r.get("name"))
        .collect(Collectors.toSet());
  }
}
