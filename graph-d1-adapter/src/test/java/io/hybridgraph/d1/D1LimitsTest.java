package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Extension;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraph.PushBatch;
import io.hybridgraph.domain.port.out.RemoteGraph.PushResult;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * D1's statement limits on the real local engine, and proof that the adapter never produces a
 * statement or request beyond them, however large the rows.
 */
@ExtendWith(LocalD1Extension.class)
class D1LimitsTest {

  private static final ObjectMapper JSON = D1Remote.objectMapper();
  private static final DeviceId DEVICE = new DeviceId("limits");

  private final LocalD1Database local;
  private D1Remote remote;

  D1LimitsTest(LocalD1Database local) {
    this.local = local;
  }

  @BeforeEach
  void migrate() {
    local.reset();
    remote = D1Remote.create(local.config().build());
    remote.schema().migrate();
  }

  @Test
  void engine_acceptsOneHundredParameters_andRejectsTheHundredAndFirst() throws Exception {
    JsonNode hundred = raw(select(100), params(100));
    JsonNode hundredAndOne = raw(select(101), params(101));

    assertThat(hundred.path("success").asBoolean()).isTrue();
    assertThat(hundredAndOne.path("success").asBoolean()).isFalse();
    assertThat(hundredAndOne.path("errors").get(0).path("code").asInt()).isEqualTo(7500);
    assertThat(hundredAndOne.path("errors").get(0).path("message").asText())
        .contains("too many SQL variables");
  }

  @Test
  void engine_acceptsA100000ByteStatement_andRejectsOneByteMore() throws Exception {
    JsonNode atLimit = raw(statementOfBytes(100_000), List.of());
    JsonNode over = raw(statementOfBytes(100_001), List.of());

    assertThat(atLimit.path("success").asBoolean()).isTrue();
    assertThat(over.path("success").asBoolean()).isFalse();
    assertThat(over.path("errors").get(0).path("message").asText()).contains("statement too long");
  }

  @Test
  void client_sendsStatementsExactlyAtTheLimits_andRefusesToBuildLargerOnes() {
    D1Result hundred = remote.database().query(new D1Statement(select(100), params(100)));
    D1Result longest = remote.database().query(D1Statement.of(statementOfBytes(100_000)));

    assertThat(hundred.rows().get(0)).hasSize(100);
    assertThat(longest.rows()).hasSize(1);
    assertThatThrownBy(() -> new D1Statement(select(101), params(101)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("D1 allows at most 100 bound parameters per statement, this one has 101");
    assertThatThrownBy(() -> D1Statement.of(statementOfBytes(100_001)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("D1 allows at most 100000 bytes of SQL per statement, this one has 100001");
  }

  @Test
  void rowOverD1sSizeLimit_isRejectedByTheEngine() {
    remote.database().query(D1Statement.of("CREATE TABLE big (v TEXT)"));
    String huge = "x".repeat(2_200_000);

    RejectedRemoteException e =
        catchThrowableOfType(
            RejectedRemoteException.class,
            () -> remote.database().query(D1Statement.of("INSERT INTO big (v) VALUES (?)", huge)));

    assertThat(e.code()).contains(7500);
    assertThat(e.remoteMessage()).contains("string or blob too big: SQLITE_TOOBIG");
  }

  @Test
  void push_ofLargeRows_neverExceedsAnyLimit_andPacksSixteenRowsPerStatement() throws Exception {
    RecordingDatabase recording = new RecordingDatabase(remote.database());
    RemoteGraph graph = RecordingDatabase.graphOver(remote, recording);
    List<ReplicatedRow> rows = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      rows.add(row(i, "ü🚀\"\\".repeat(i % 7) + "m".repeat(200 + (i * 37) % 3_000)));
    }

    PushResult result = graph.push(new PushBatch(DEVICE, 1, rows));

    assertThat(result.accepted()).isEqualTo(rows.size());
    List<List<D1Statement>> pushes = recording.pushes();
    int rowsSent = 0;
    for (List<D1Statement> request : pushes) {
      int requestRows = 0;
      for (D1Statement statement : request) {
        assertThat(statement.params()).hasSizeLessThanOrEqualTo(D1Limits.MAX_BOUND_PARAMETERS);
        assertThat(statement.sql().getBytes(StandardCharsets.UTF_8).length)
            .isLessThanOrEqualTo(D1Limits.MAX_STATEMENT_BYTES);
        if (statement.sql().startsWith(GraphSql.UPSERT_HEADER)) {
          requestRows += statement.params().size() / EncodedRow.PARAMS;
        }
      }
      assertThat(requestRows).isLessThanOrEqualTo(remote.config().maxRowsPerRequest());
      assertThat(JSON.writeValueAsBytes(body(request)).length)
          .isLessThanOrEqualTo(remote.config().maxBytesPerRequest());
      rowsSent += requestRows;
    }
    assertThat(rowsSent).isEqualTo(rows.size());
    assertThat(pushes.get(0).get(0).params()).hasSize(96);
    assertThat(remote.graph().headSequence()).isEqualTo(rows.size());
  }

  @Test
  void rowLargerThanTheRequestBudget_travelsAlone() {
    D1Remote small = D1Remote.create(local.config().maxBytesPerRequest(16 * 1024).build());
    RecordingDatabase recording = new RecordingDatabase(small.database());
    RemoteGraph graph = RecordingDatabase.graphOver(small, recording);
    List<ReplicatedRow> rows =
        List.of(row(1, "a"), row(2, "b"), row(3, "L".repeat(200_000)), row(4, "c"), row(5, "d"));

    graph.push(new PushBatch(DEVICE, 1, rows));

    List<Integer> rowsPerRequest =
        recording.pushes().stream()
            .map(
                request ->
                    request.stream()
                        .filter(s -> s.sql().startsWith(GraphSql.UPSERT_HEADER))
                        .mapToInt(s -> s.params().size() / EncodedRow.PARAMS)
                        .sum())
            .toList();
    assertThat(rowsPerRequest).containsExactly(2, 1, 2);
    assertThat(small.d1Graph().scan(Optional.empty(), 10)).containsExactlyElementsOf(rows);
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static ReplicatedRow row(int i, String note) {
    Association association =
        new Association(
            MemoryHash.of(String.format("%064x", i)),
            MemoryHash.of(String.format("%064x", i + 1_000_000)),
            RelationshipType.CAUSES,
            Similarity.of((i % 100) / 100.0),
            ConnectionTypes.of("semantic", "temporal"),
            Metadata.of(Map.of("note", note, "i", i)),
            1_700_000_000.0 + i);
    return ReplicatedRow.present(
        association, new Version(1, new Hlc(1_700_000_000_000L + i, 0, DEVICE)));
  }

  private static Map<String, Object> body(List<D1Statement> request) {
    return Map.of(
        "batch", request.stream().map(s -> Map.of("sql", s.sql(), "params", s.params())).toList());
  }

  /**
   * {@code SELECT ? AS c0, ? AS c1, ...}: aliased, as D1's object rows keep one column per name.
   */
  private static String select(int n) {
    List<String> columns = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      columns.add("? AS c" + i);
    }
    return "SELECT " + String.join(", ", columns);
  }

  private static List<Object> params(int n) {
    List<Object> params = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      params.add(i);
    }
    return params;
  }

  /** {@code SELECT 'xxx...'} of exactly {@code bytes} UTF-8 bytes. */
  private static String statementOfBytes(int bytes) {
    String head = "SELECT '";
    return head + "x".repeat(bytes - head.length() - 1) + "'";
  }

  /** Posts straight to the local D1, bypassing the adapter's own checks. */
  private JsonNode raw(String sql, List<Object> params) throws Exception {
    String body = JSON.writeValueAsString(Map.of("sql", sql, "params", params));
    HttpRequest request =
        HttpRequest.newBuilder(
                local
                    .url()
                    .resolve(
                        "/client/v4/accounts/"
                            + local.accountId()
                            + "/d1/database/"
                            + local.id()
                            + "/query"))
            .header("Authorization", "Bearer " + local.token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
