package io.hybridgraph.d1;

import static io.hybridgraph.domain.testing.Theories.tries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.d1.BatchPacker.RequestPlan;
import io.hybridgraph.d1.BatchPacker.StatementPlan;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Whatever the rows and limits, packing keeps every row exactly once and in order, and never
 * produces a statement or request beyond a limit (checked on the real SQL and the real JSON body).
 */
class BatchPackerProperties {

  private static final ObjectMapper MAPPER = D1Remote.objectMapper();

  /** The limits a packer is built with. */
  record Limits(int maxParams, int maxStatementBytes, int maxRows, int maxBytes) {}

  @Test
  void packing_keepsOrderAndLimits() {
    tries(150)
        .forAll(rows(), limits())
        .checkAssert(
            (rows, limits) ->
                keepsOrderAndLimits(
                    rows,
                    limits.maxParams(),
                    limits.maxStatementBytes(),
                    limits.maxRows(),
                    limits.maxBytes()));
  }

  private static void keepsOrderAndLimits(
      List<EncodedRow> rows, int maxParams, int maxStatementBytes, int maxRows, int maxBytes) {
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
      long body = jsonBytes(new D1Api.BatchBody(bodies(statements)));
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

  @Test
  void packing_withD1Limits_fillsStatementsToSixteenRows() {
    BatchPacker packer =
        BatchPacker.forConfig(D1Config.builder("a", "b", ApiToken.of("t")).build());

    tries(50)
        .forAll(rows())
        .checkAssert(
            rows -> {
              for (RequestPlan plan : packer.pack(rows)) {
                List<StatementPlan> statements = plan.statements();
                for (int s = 0; s < statements.size() - 1; s++) {
                  assertThat(statements.get(s).rows())
                      .isEqualTo(D1Limits.MAX_BOUND_PARAMETERS / EncodedRow.PARAMS);
                }
              }
            });
  }

  private static long jsonBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value).length;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<D1Api.QueryBody> bodies(List<D1Statement> statements) {
    return statements.stream().map(D1Api.QueryBody::of).toList();
  }

  private static Gen<Limits> limits() {
    return integers()
        .between(6, 100)
        .zip(
            integers().between(2_000, 100_000),
            integers().between(1, 400),
            integers().between(16 * 1024, 1024 * 1024),
            Limits::new);
  }

  /** What a row carries besides its version. */
  private record Content(
      String source, String target, double similarity, Optional<String> metadata) {}

  /**
   * Up to 400 rows of any text (no lone surrogates): one in ten a tombstone, one in eight with
   * metadata of 20,000 to 300,000 characters, one in eight with metadata full of characters JSON
   * escapes or encodes in several bytes.
   */
  private static Gen<List<EncodedRow>> rows() {
    Gen<String> hash = text(anyChar(), 1, 80);
    Gen<String> metadata =
        Generate.frequency(
            Pair.of(6, text(anyChar(), 0, 300)),
            Pair.of(
                1,
                integers()
                    .between(20_000, 300_000)
                    .zip(longs().all(), BatchPackerProperties::letters)),
            Pair.of(1, text(arbitrary().pick('"', '\\', '\n', 'é', '日'), 0, 5_000)));
    Gen<String> device =
        text(arbitrary().pick(chars("abcdefghijklmnopqrstuvwxyz0123456789-_")), 1, 64);
    Gen<EncodedRow> row =
        hash.zip(hash, doubles().between(0, 1), metadata.toOptionals(10), Content::new)
            .zip(
                longs().between(1, 1_000_000),
                device,
                arbitrary()
                    .pick("related", "causes", "contradicts", "fixes", "supports", "follows"),
                BatchPackerProperties::row);
    return lists().of(row).ofSizeBetween(0, 400).map(List::copyOf);
  }

  private static EncodedRow row(Content content, long causal, String device, String type) {
    String metadata = content.metadata().orElse(null);
    return new EncodedRow(
        content.source(),
        content.target(),
        content.similarity(),
        "[\"semantic\"]",
        metadata,
        1.7e9 + content.similarity(),
        metadata == null ? null : type,
        causal,
        String.format("%012x.%04x.%s", causal, causal % 0x10000, device),
        metadata == null);
  }

  private static Gen<String> text(Gen<Character> chars, int minLength, int maxLength) {
    return lists()
        .of(chars)
        .ofSizeBetween(minLength, maxLength)
        .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
  }

  /** Any UTF-16 code unit but a surrogate, so every string is valid Unicode. */
  private static Gen<Character> anyChar() {
    int surrogates = 0xE000 - 0xD800;
    return integers()
        .between(0, 0xFFFF - surrogates)
        .map(c -> (char) (c < 0xD800 ? c : c + surrogates));
  }

  private static List<Character> chars(String chars) {
    return chars.chars().mapToObj(c -> (char) c).toList();
  }

  /**
   * {@code length} lowercase letters drawn from {@code seed}: a long text costs two draws, not one
   * per character, and shrinks by its length.
   */
  private static String letters(int length, long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }
}
