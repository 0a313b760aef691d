package io.hybridgraph.d1;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every reply D1 (or the network) can give maps to exactly one failure category, keeps D1's code
 * and message, is never retried underneath the caller, and never carries the API token.
 */
class D1ErrorHandlingTest {

  @RegisterExtension
  static final WireMockExtension WIREMOCK =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String TOKEN = "cf-secret-token-Zx81_q";
  private static final String QUERY = "/client/v4/accounts/acct-1/d1/database/db-1/query";
  private static final String INFO = "/client/v4/accounts/acct-1/d1/database/db-1";
  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

  private D1Remote remote;
  private D1Database db;

  @BeforeEach
  void connect() {
    D1Config config =
        D1Config.builder("acct-1", "db-1", ApiToken.of(TOKEN))
            .baseUrl("http://localhost:" + WIREMOCK.getPort())
            .connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(5))
            .build();
    remote =
        D1Remote.create(
            config,
            Clock.fixed(NOW, ZoneOffset.UTC),
            RequestRateLimiter.system(1_000, Duration.ofMinutes(5)));
    db = remote.database();
  }

  // --- success ----------------------------------------------------------------------------------

  @Test
  void query_success_sendsBearerTokenAndJsonBody_andReadsRowsAndMeta() {
    stubQuery(
        ok(
            "{\"result\":[{\"results\":[{\"n\":1,\"s\":\"x\",\"r\":0.5}],\"success\":true,"
                + "\"meta\":{\"changes\":0,\"last_row_id\":3,\"rows_read\":1,\"rows_written\":0,"
                + "\"duration\":0.2,\"changed_db\":false,\"size_after\":12288}}],"
                + "\"success\":true,\"errors\":[],\"messages\":[]}"));

    D1Result result = db.query(D1Statement.of("SELECT ? AS n", 1));

    assertThat(result.rows()).containsExactly(java.util.Map.of("n", 1, "s", "x", "r", 0.5));
    assertThat(result.meta().sizeAfter()).hasValue(12288);
    assertThat(result.meta().lastRowId()).isEqualTo(3);
    WIREMOCK.verify(
        1,
        postRequestedFor(urlPathEqualTo(QUERY))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalToJson("{\"sql\":\"SELECT ? AS n\",\"params\":[1]}")));
  }

  @Test
  void batch_sendsTheBatchBody_andReturnsOneResultPerStatement() {
    stubQuery(
        ok(
            "{\"result\":[{\"results\":[],\"success\":true,\"meta\":{\"changes\":1}},"
                + "{\"results\":[],\"success\":true,\"meta\":{\"changes\":2}}],\"success\":true}"));

    List<D1Result> results =
        db.batch(List.of(D1Statement.of("INSERT 1"), D1Statement.of("INSERT ?", "two")));

    assertThat(results).extracting(r -> r.meta().changes()).containsExactly(1L, 2L);
    WIREMOCK.verify(
        postRequestedFor(urlPathEqualTo(QUERY))
            .withRequestBody(
                equalToJson(
                    "{\"batch\":[{\"sql\":\"INSERT 1\",\"params\":[]},"
                        + "{\"sql\":\"INSERT ?\",\"params\":[\"two\"]}]}")));
  }

  // --- retryable --------------------------------------------------------------------------------

  @Test
  void status429_isRetryable_withRetryAfterSeconds() {
    stubQuery(
        aResponse()
            .withStatus(429)
            .withHeader("Retry-After", "7")
            .withBody(error(971, "Please wait and consider throttling your request speed")));

    RetryableRemoteException e = failure(RetryableRemoteException.class);

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.httpStatus()).hasValue(429);
    assertThat(e.code()).contains(971);
    assertThat(e.remoteMessage())
        .contains("Please wait and consider throttling your request speed");
    assertThat(e).isInstanceOf(RemoteGraphException.Unavailable.class);
    assertThat(e.getMessage()).contains("rate limit", "HTTP 429", "971", "retry after 7000 ms");
  }

  @Test
  void status429_withAnHttpDate_waitsUntilThatDate() {
    stubQuery(
        aResponse()
            .withStatus(429)
            .withHeader("Retry-After", "Thu, 15 Jan 2026 10:01:30 GMT")
            .withBody(error(971, "slow down")));

    RetryableRemoteException e = failure(RetryableRemoteException.class);

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 409, 500, 502, 503, 504})
  void transientStatuses_areRetryable_withCodeAndMessage(int status) {
    stubQuery(aResponse().withStatus(status).withBody(error(7500, "upstream trouble " + status)));

    RetryableRemoteException e = failure(RetryableRemoteException.class);

    assertThat(e.httpStatus()).hasValue(status);
    assertThat(e.code()).contains(7500);
    assertThat(e.remoteMessage()).contains("upstream trouble " + status);
    assertThat(e.retryAfter()).isEmpty();
  }

  @Test
  void status503_withRetryAfter_keepsIt() {
    stubQuery(aResponse().withStatus(503).withHeader("Retry-After", "2.5").withBody("busy"));

    RetryableRemoteException e = failure(RetryableRemoteException.class);

    assertThat(e.retryAfter()).contains(Duration.ofMillis(2500));
    assertThat(e.remoteMessage()).contains("busy");
  }

  @Test
  void sqlErrorDocumentedAsTransient_isRetryable() {
    stubQuery(
        aResponse().withStatus(400).withBody(error(7500, "D1_ERROR: Network connection lost.")));

    RetryableRemoteException e = failure(RetryableRemoteException.class);

    assertThat(e.code()).contains(7500);
  }

  @Test
  void slowReply_pastTheReadTimeout_isRetryable() {
    stubQuery(ok("{\"result\":[],\"success\":true}").withFixedDelay(10_000));

    RetryableRemoteException e = failure(RetryableRemoteException.class);

    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.getMessage()).contains("read timeout");
  }

  @Test
  void replyBodyTricklingIn_pastTheReadTimeout_isRetryable() {
    stubQuery(
        ok("{\"result\":[{\"results\":[],\"success\":true,\"meta\":{}}],\"success\":true}")
            .withChunkedDribbleDelay(20, 10_000));

    RetryableRemoteException e = failure(RetryableRemoteException.class);

    assertThat(e.getMessage()).contains("read timeout");
  }

  @Test
  void connectionReset_isRetryable() {
    stubQuery(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    RetryableRemoteException e = failure(RetryableRemoteException.class);

    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.getMessage()).contains("connection failed");
  }

  @Test
  void emptyReply_isRetryable() {
    stubQuery(aResponse().withFault(Fault.EMPTY_RESPONSE));

    assertThat(failure(RetryableRemoteException.class).httpStatus()).isEmpty();
  }

  @Test
  void garbageThenClose_isRetryable() {
    stubQuery(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));

    failure(RetryableRemoteException.class);
  }

  @Test
  void truncatedBody_isRetryable() {
    stubQuery(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));

    failure(RetryableRemoteException.class);
  }

  @Test
  void malformedJson_isRetryable_andQuotesTheBody() {
    stubQuery(ok("{\"result\": [ {\"results\": "));

    RetryableRemoteException e = failure(RetryableRemoteException.class);

    assertThat(e.httpStatus()).hasValue(200);
    assertThat(e.getMessage()).contains("malformed reply", "not valid JSON", "{\"result\"");
  }

  @Test
  void jsonOfTheWrongShape_isRetryable() {
    stubQuery(ok("{\"success\":true,\"result\":{\"rows\":1}}"));

    assertThat(failure(RetryableRemoteException.class).getMessage())
        .contains("'result' is not a list");
  }

  @Test
  void htmlErrorPage_withStatus502_isRetryable() {
    stubQuery(
        aResponse()
            .withStatus(502)
            .withHeader("Content-Type", "text/html")
            .withBody("<html><body>Bad gateway</body></html>"));

    RetryableRemoteException e = failure(RetryableRemoteException.class);

    assertThat(e.remoteMessage()).hasValueSatisfying(m -> assertThat(m).contains("Bad gateway"));
  }

  @Test
  void status200_successFalse_withTransientMessage_isRetryable() {
    stubQuery(ok(error(7500, "D1 DB is overloaded. Too many requests queued.")));

    assertThat(failure(RetryableRemoteException.class).httpStatus()).hasValue(200);
  }

  // --- rejected ---------------------------------------------------------------------------------

  @Test
  void sqlError_isRejected_withD1CodeAndMessage() {
    stubQuery(
        aResponse()
            .withStatus(400)
            .withHeader("cf-d1", "err=7500")
            .withBody(error(7500, "too many SQL variables at offset 434: SQLITE_ERROR")));

    RejectedRemoteException e = failure(RejectedRemoteException.class);

    assertThat(e).isInstanceOf(RemoteGraphException.Rejected.class);
    assertThat(e.code()).contains(7500);
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.remoteMessage()).contains("too many SQL variables at offset 434: SQLITE_ERROR");
    assertThat(e.getMessage()).contains("too many SQL variables", "7500", "HTTP 400");
  }

  @Test
  void rowOverTheSizeLimit_isRejected() {
    stubQuery(
        aResponse().withStatus(400).withBody(error(7500, "string or blob too big: SQLITE_TOOBIG")));

    assertThat(failure(RejectedRemoteException.class).remoteMessage())
        .contains("string or blob too big: SQLITE_TOOBIG");
  }

  @Test
  void requestTooLarge_isRejected_withAHint() {
    stubQuery(aResponse().withStatus(413).withBody("payload too large"));

    assertThat(failure(RejectedRemoteException.class).getMessage())
        .contains("HTTP 413", "lower maxBytesPerRequest");
  }

  @Test
  void status200_successFalse_isRejected_withCodeAndMessage() {
    stubQuery(ok(error(7500, "UNIQUE constraint failed: t.id: SQLITE_CONSTRAINT")));

    RejectedRemoteException e = failure(RejectedRemoteException.class);

    assertThat(e.httpStatus()).hasValue(200);
    assertThat(e.code()).contains(7500);
    assertThat(e.remoteMessage()).contains("UNIQUE constraint failed: t.id: SQLITE_CONSTRAINT");
  }

  @Test
  void status200_successFalse_withoutErrors_isRejectedAndSaysSo() {
    stubQuery(ok("{\"result\":null,\"success\":false,\"errors\":[],\"messages\":[]}"));

    assertThat(failure(RejectedRemoteException.class).getMessage())
        .contains("success: false without naming an error");
  }

  @Test
  void failedStatementInsideASuccessfulEnvelope_isRejected() {
    stubQuery(
        ok(
            "{\"result\":[{\"results\":[],\"success\":false,"
                + "\"errors\":[{\"code\":7500,\"message\":\"no such table: x\"}]}],\"success\":true}"));

    assertThat(failure(RejectedRemoteException.class).remoteMessage()).contains("no such table: x");
  }

  // --- the account's budget and quotas ----------------------------------------------------------

  @Test
  void ratelimitHeadersOfASuccess_updateTheBudget_andAtTheReserveTheNextRequestIsNotSent() {
    stubQuery(
        ok("{\"result\":[{\"results\":[],\"success\":true,\"meta\":{}}],\"success\":true}")
            .withHeader("Ratelimit", "\"default\";r=250;t=60")
            .withHeader("Ratelimit-Policy", "\"default\";q=1200;w=300"));

    db.query(D1Statement.of("SELECT 1"));
    RetryableRemoteException held =
        catchThrowableOfType(
            RetryableRemoteException.class, () -> db.query(D1Statement.of("SELECT 1")));

    WIREMOCK.verify(1, postRequestedFor(urlPathEqualTo(QUERY)));
    assertThat(held.retryAfter()).contains(Duration.ofSeconds(60));
    assertThat(held.getMessage()).contains("250 of 1200 requests left", "resets in 60 s");
    assertThat(remote.budget().remaining()).hasValue(250);
    assertThat(remote.budget().limitedUntil()).contains(NOW.plusSeconds(60));
  }

  @Test
  void malformedRatelimitHeaders_areIgnored() {
    stubQuery(
        ok("{\"result\":[{\"results\":[],\"success\":true,\"meta\":{}}],\"success\":true}")
            .withHeader("Ratelimit", "\"default\";r=lots;t=")
            .withHeader("Ratelimit-Policy", "\"default"));

    db.query(D1Statement.of("SELECT 1"));
    db.query(D1Statement.of("SELECT 1"));

    WIREMOCK.verify(2, postRequestedFor(urlPathEqualTo(QUERY)));
    assertThat(remote.budget()).isEqualTo(D1Budget.unknown());
  }

  @Test
  void dailyWriteQuotaSpent_isQuotaExhausted_untilMidnightUtc() {
    stubQuery(
        aResponse()
            .withStatus(400)
            .withBody(error(7500, "Your account has exceeded daily row write limit.")));

    QuotaExhaustedRemoteException e = failure(QuotaExhaustedRemoteException.class);

    assertThat(e).isInstanceOf(RemoteGraphException.Unavailable.class);
    assertThat(e.limit()).isEqualTo(RemoteGraphException.QuotaExhausted.Limit.WRITE);
    assertThat(e.resetAt()).isEqualTo(Instant.parse("2026-01-16T00:00:00Z"));
    assertThat(e.retryAfter()).contains(Duration.ofHours(14));
    assertThat(e.code()).contains(7500);
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.remoteMessage()).contains("Your account has exceeded daily row write limit.");
    assertThat(e.getMessage()).contains("daily quota of rows written", "in 14 h 0 min");
  }

  @Test
  void dailyReadQuotaSpent_insideASuccessFalseReply_isQuotaExhausted() {
    stubQuery(ok(error(7500, "D1_ERROR: Exceeded daily rows read limit")));

    QuotaExhaustedRemoteException e = failure(QuotaExhaustedRemoteException.class);

    assertThat(e.limit()).isEqualTo(RemoteGraphException.QuotaExhausted.Limit.READ);
  }

  // --- authentication and not found ---------------------------------------------------------

  @Test
  void malformedAuthorizationHeader_6003_isAuthentication_sayingTheTokenIsMalformed() {
    stubQuery(
        aResponse()
            .withStatus(400)
            .withBody(
                "{\"result\":null,\"success\":false,\"errors\":[{\"code\":6003,"
                    + "\"message\":\"Invalid request headers\",\"error_chain\":[{\"code\":6111,"
                    + "\"message\":\"Invalid format for Authorization header\"}]}],"
                    + "\"messages\":[]}"));

    RemoteAuthenticationException e = failure(RemoteAuthenticationException.class);

    assertThat(e).isInstanceOf(RemoteGraphException.AccessDenied.class);
    assertThat(e.code()).contains(6003);
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.remoteMessage())
        .contains("Invalid request headers; Invalid format for Authorization header");
    assertThat(e.getMessage())
        .contains("token is malformed", "apiToken", "acct-1")
        .doesNotContain("rejected");
  }

  @Test
  void errorChainCode6111_aloneIsAlsoAMalformedToken() {
    stubQuery(
        ok(
            "{\"result\":null,\"success\":false,\"errors\":[{\"code\":6000,"
                + "\"message\":\"Bad request\",\"error_chain\":[{\"code\":6111,"
                + "\"message\":\"Invalid format for Authorization header\"}]}]}"));

    RemoteAuthenticationException e = failure(RemoteAuthenticationException.class);

    assertThat(e.getMessage()).contains("token is malformed");
  }

  @Test
  void status401_isAuthentication_andNamesThePermissionQueriesNeed() {
    stubQuery(aResponse().withStatus(401).withBody(error(10000, "Authentication error")));

    RemoteAuthenticationException e = failure(RemoteAuthenticationException.class);

    assertThat(e).isInstanceOf(RemoteGraphException.AccessDenied.class);
    assertThat(e.code()).contains(10000);
    assertThat(e.httpStatus()).hasValue(401);
    assertThat(e.getMessage()).contains("Account > D1 > Edit", "acct-1", "Authentication error");
  }

  @Test
  void status403_onInfo_namesTheReadPermission() {
    WIREMOCK.stubFor(
        get(urlPathEqualTo(INFO))
            .willReturn(
                aResponse().withStatus(403).withBody(error(10000, "Authentication error"))));

    Throwable thrown = catchThrowable(db::info);

    assertThat(thrown)
        .isInstanceOf(RemoteAuthenticationException.class)
        .hasMessageContaining("Account > D1 > Read");
    assertNoToken(thrown);
    WIREMOCK.verify(1, getRequestedFor(urlPathEqualTo(INFO)));
  }

  @Test
  void accountNotAuthorised_isAuthentication() {
    stubQuery(aResponse().withStatus(403).withBody(error(7403, "The given account is not valid")));

    assertThat(failure(RemoteAuthenticationException.class).code()).contains(7403);
  }

  @Test
  void status200_successFalse_withAuthenticationCode_isAuthentication() {
    stubQuery(ok(error(10000, "Authentication error")));

    failure(RemoteAuthenticationException.class);
  }

  @Test
  void status404_isDatabaseNotFound_andNamesTheDatabase() {
    stubQuery(
        aResponse().withStatus(404).withBody(error(7404, "The database db-1 could not be found")));

    RemoteDatabaseNotFoundException e = failure(RemoteDatabaseNotFoundException.class);

    assertThat(e).isInstanceOf(RemoteGraphException.AccessDenied.class);
    assertThat(e.code()).contains(7404);
    assertThat(e.getMessage()).contains("'db-1'", "'acct-1'", "databaseId");
  }

  @Test
  void status404_withoutAnEnvelope_isDatabaseNotFound() {
    stubQuery(aResponse().withStatus(404).withBody("Not Found"));

    assertThat(failure(RemoteDatabaseNotFoundException.class).code()).isEmpty();
  }

  // --- secrets --------------------------------------------------------------------------------

  @Test
  void tokenEchoedByTheServer_isRedacted() {
    stubQuery(aResponse().withStatus(400).withBody(error(7500, "bad token " + TOKEN + " here")));

    RejectedRemoteException e = failure(RejectedRemoteException.class);

    assertThat(e.remoteMessage()).contains("bad token **** here");
  }

  @Test
  void configuration_toString_neverShowsTheToken() {
    D1Config config = D1Config.builder("acct-1", "db-1", ApiToken.of(TOKEN)).build();

    assertThat(config.toString()).doesNotContain(TOKEN).contains("ApiToken[****]");
    assertThat(D1Remote.create(config).toString()).doesNotContain(TOKEN);
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** Runs one query, expects exactly one failure of {@code type} after exactly one request. */
  private <T extends Throwable> T failure(Class<T> type) {
    Throwable thrown = catchThrowable(() -> db.query(D1Statement.of("SELECT 1")));
    assertThat(thrown).isInstanceOf(type);
    assertNoToken(thrown);
    WIREMOCK.verify(1, postRequestedFor(urlPathEqualTo(QUERY)));
    return type.cast(thrown);
  }

  @Test
  void replyEchoingPartOfTheToken_orACaseChangedCopy_neverShowsAnyOfIt() {
    stubQuery(
        aResponse()
            .withStatus(400)
            .withBody(
                error(
                    7500,
                    "bad bearer "
                        + TOKEN.substring(0, 8)
                        + " / "
                        + TOKEN.toLowerCase(java.util.Locale.ROOT)
                        + " / "
                        + TOKEN.substring(10).toUpperCase(java.util.Locale.ROOT))));

    Throwable thrown = catchThrowable(() -> db.query(D1Statement.of("SELECT 1")));

    assertThat(thrown.getMessage()).contains("bad bearer **** / **** / ****");
    assertNoToken(thrown);
  }

  private static void assertNoToken(Throwable thrown) {
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    String lower = trace.toString().toLowerCase(java.util.Locale.ROOT);
    for (int i = 0; i + Redactor.MIN_RUN <= TOKEN.length(); i++) {
      assertThat(lower)
          .doesNotContain(
              TOKEN.substring(i, i + Redactor.MIN_RUN).toLowerCase(java.util.Locale.ROOT));
    }
    assertThat(trace.toString()).doesNotContain(TOKEN);
    assertThat(thrown.toString()).doesNotContain(TOKEN);
    if (thrown instanceof D1Failure failure) {
      assertThat(failure.remoteMessage().orElse("")).doesNotContain(TOKEN);
    }
  }

  private static void stubQuery(ResponseDefinitionBuilder response) {
    WIREMOCK.stubFor(post(urlPathEqualTo(QUERY)).willReturn(response));
  }

  private static ResponseDefinitionBuilder ok(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static String error(int code, String message) {
    return "{\"result\":null,\"success\":false,\"errors\":[{\"code\":"
        + code
        + ",\"message\":\""
        + message.replace("\"", "\\\"")
        + "\"}],\"messages\":[]}";
  }
}
