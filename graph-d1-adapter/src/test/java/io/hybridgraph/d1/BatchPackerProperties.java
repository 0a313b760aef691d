package io.hybridgraph.d1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.d1.BatchPacker.RequestPlan;
import io.hybridgraph.d1.BatchPacker.StatementPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the rows and limits, packing keeps every row exactly once and in order, and never
 * produces a statement or request beyond a limit (checked on the real SQL and the real JSON body).
 */
class BatchPackerProperties {

  private static final ObjectMapper MAPPER = D1Remote.objectMapper();

  @Property(tries = 150)
  void packing_keepsOrderAndLimits(
      @ForAll("rows") List<EncodedRow> rows,
      @ForAll @IntRange(min = 6, max = 100) int maxParams,
      @ForAll @IntRange(min = 2_000, max = 100_000) int maxStatementBytes,
      @ForAll @IntRange(min = 1, max = 400) int maxRows,
      @ForAll @IntRange(min = 16 * 1024, max = 1024 * 1024) int maxBytes)
      throws Exception {
    BatchPacker packer = new BatchPacker(maxParams, maxStatementBytes, maxRows, maxBytes);

    List<RequestPlan> plans = packer.pack(rows);

    int expectedFrom = 0;
    for (int r = 0; r < plans.size(); r++) {
      RequestPlan plan = plans.get(r);
      assertThat(plan.from()).isEqualTo(expectedFrom);
      assertThat(plan.rows()).isBetween(1, maxRows);
      int statementFrom = plan.from();
      List<D1Statement> statements = new ArrayList<>();
      for (StatementPlan statement : plan.statements()) {
        assertThat(statement.from()).isEqualTo(statementFrom);
        assertThat(statement.rows()).isPositive();
        D1Statement sql =
            GraphSql.upsert(
                rows, statement.from(), statement.to(), statement.from() - plan.from() + 1);
        assertThat(sql.params()).hasSizeLessThanOrEqualTo(maxParams);
        assertThat(sql.sql().getBytes(StandardCharsets.UTF_8).length)
            .isLessThanOrEqualTo(maxStatementBytes);
        statements.add(sql);
        statementFrom = statement.to();
      }
      assertThat(statementFrom).isEqualTo(plan.to());
      statements.add(GraphSql.bumpCounter(plan.rows()));
      statements.add(GraphSql.recordProgress("x".repeat(64), Long.MAX_VALUE / 2));
      long body = MAPPER.writeValueAsBytes(new D1Api.BatchBody(bodies(statements))).length;
      assertThat(body).isLessThanOrEqualTo(plan.bodyBytes());
      if (plan.rows() > 1) {
        assertThat(plan.bodyBytes()).isLessThanOrEqualTo(maxBytes);
      }
      if (r < plans.size() - 1 && plan.rows() < maxRows) {
        // Greedy: the next row would have pushed the request over its byte budget.
        EncodedRow next = rows.get(plan.to());
        int tuple = GraphSql.valuesTupleBytes(next, plan.rows() + 1);
        D1Statement last = statements.get(plan.statements().size() - 1);
        boolean fitsLast =
            last.params().size() + EncodedRow.PARAMS <= maxParams
                && last.sql().length() + 1 + tuple <= maxStatementBytes;
        long added =
            fitsLast
                ? 2 + tuple + next.paramsJsonBytes()
                : 24
                    + GraphSql.UPSERT_HEADER_BYTES
                    + GraphSql.UPSERT_FOOTER_BYTES
                    + tuple
                    + next.paramsJsonBytes();
        assertThat(plan.bodyBytes() + added).isGreaterThan(maxBytes);
      }
      expectedFrom = plan.to();
    }
    assertThat(expectedFrom).isEqualTo(rows.size());
  }

  @Property(tries = 50)
  void packing_withD1Limits_fillsStatementsToSixteenRows(@ForAll("rows") List<EncodedRow> rows) {
    BatchPacker packer =
        BatchPacker.forConfig(D1Config.builder("a", "b", ApiToken.of("t")).build());

    for (RequestPlan plan : packer.pack(rows)) {
      List<StatementPlan> statements = plan.statements();
      for (int s = 0; s < statements.size() - 1; s++) {
        assertThat(statements.get(s).rows())
            .isEqualTo(D1Limits.MAX_BOUND_PARAMETERS / EncodedRow.PARAMS);
      }
    }
  }

  private static List<D1Api.QueryBody> bodies(List<D1Statement> statements) {
    return statements.stream().map(D1Api.QueryBody::of).toList();
  }

  @Provide
  Arbitrary<List<EncodedRow>> rows() {
    Arbitrary<String> hash =
        Arbitraries.strings().all().excludeChars(surrogates()).ofMinLength(1).ofMaxLength(80);
    Arbitrary<String> metadata =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(
                6, Arbitraries.strings().all().excludeChars(surrogates()).ofMaxLength(300)),
            net.jqwik.api.Tuple.of(
                1,
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .ofMinLength(20_000)
                    .ofMaxLength(300_000)),
            net.jqwik.api.Tuple.of(
                1, Arbitraries.strings().withChars('"', '\\', '\n', 'é', '日').ofMaxLength(5_000)));
    Arbitrary<String> device =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .numeric()
            .withChars('-', '_')
            .ofMinLength(1)
            .ofMaxLength(64);
    Arbitrary<EncodedRow> row =
        Combinators.combine(
                hash,
                hash,
                Arbitraries.doubles().between(0, 1),
                metadata.injectNull(0.1),
                Arbitraries.longs().between(1, 1_000_000),
                device,
                Arbitraries.of("related", "causes", "contradicts", "fixes", "supports", "follows"))
            .as(
                (source, target, similarity, meta, causal, dev, type) ->
                    new EncodedRow(
                        source,
                        target,
                        similarity,
                        "[\"semantic\"]",
                        meta,
                        1.7e9 + similarity,
                        meta == null ? null : type,
                        causal,
                        String.format("%012x.%04x.%s", causal, causal % 0x10000, dev),
                        meta == null));
    return row.list().ofMaxSize(400);
  }

  private static char[] surrogates() {
    char[] out = new char[0xE000 - 0xD800];
    for (int i = 0; i < out.length; i++) {
      out[i] = (char) (0xD800 + i);
    }
    return out;
  }
}
