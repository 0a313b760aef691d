package io.hybridgraph.d1;

import static io.hybridgraph.d1.TestRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Extension;
import io.hybridgraph.domain.port.out.RemoteGraph.PushBatch;
import io.hybridgraph.domain.port.out.RemoteGraph.PushResult;
import io.hybridgraph.domain.version.DeviceId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The failure categories, size limits and info endpoint against the real local D1 and its fault
 * switch (the same cases run against WireMock in {@link D1ErrorHandlingTest}).
 */
@ExtendWith(LocalD1Extension.class)
class D1LocalBehaviourTest {

  private static final DeviceId DEVICE = new DeviceId("local");

  private final LocalD1Database local;
  private D1Remote remote;

  D1LocalBehaviourTest(LocalD1Database local) {
    this.local = local;
  }

  @BeforeEach
  void migrate() {
    local.reset();
    remote = D1Remote.create(local.config().build());
    remote.schema().migrate();
  }

  @Test
  void info_reportsTheSize_andEveryStatementUpdatesIt() {
    D1DatabaseInfo info = remote.describeDatabase();
    PushResult pushed =
        remote.graph().push(new PushBatch(DEVICE, 1, List.of(row("a", "b", 1, DEVICE))));

    assertThat(info.uuid()).isEqualTo(local.id());
    assertThat(info.numTables()).isGreaterThanOrEqualTo(4);
    assertThat(info.fileSize()).isPresent();
    assertThat(remote.d1Graph().sizeBytes()).isPositive();
    assertThat(pushed.sizeAfterBytes()).isPositive();
    assertThat(remote.capacity().status().level()).isEqualTo(CapacityStatus.Level.OK);
    assertThat(remote.capacity().status().usedBytes()).isPresent();
  }

  @Test
  void databaseAtTheRefuseFraction_refusesPushesWithoutSendingThem() {
    long size = remote.d1Graph().sizeBytes();
    D1Remote nearlyFull =
        D1Remote.create(local.config().databaseSizeLimitBytes((long) (size / 0.96)).build());
    long before = local.requests();

    RemoteCapacityException e =
        catchThrowableOfType(
            RemoteCapacityException.class,
            () ->
                nearlyFull
                    .graph()
                    .push(new PushBatch(DEVICE, 1, List.of(row("a", "b", 1, DEVICE)))));

    assertThat(e.getMessage()).contains("pushes are refused from 95%");
    assertThat(e.usedBytes()).isEqualTo(size);
    // Only the info request that learned the size; the push itself was never sent.
    assertThat(local.requests() - before).isEqualTo(1);
    assertThat(remote.graph().headSequence()).isZero();
  }

  @Test
  void databaseAboveTheWarnFraction_stillAcceptsPushes() {
    long size = remote.d1Graph().sizeBytes();
    D1Remote filling =
        D1Remote.create(local.config().databaseSizeLimitBytes((long) (size / 0.85)).build());

    PushResult result =
        filling.graph().push(new PushBatch(DEVICE, 1, List.of(row("a", "b", 1, DEVICE))));

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(filling.capacity().status().level())
        .isIn(CapacityStatus.Level.WARNING, CapacityStatus.Level.REFUSING);
  }

  @Test
  void rateLimited_isRetryable_withRetryAfter_andHoldsTheNextRequestsWithoutSendingThem() {
    // A 429 holds every request of the token in the process: a private budget keeps it here.
    D1Remote own =
        D1Remote.create(
            local.config().build(),
            Clock.systemUTC(),
            RequestRateLimiter.system(1_000, Duration.ofMinutes(5)));
    local.injectFault(Map.of("status", 429, "retryAfter", 3));

    RetryableRemoteException e =
        catchThrowableOfType(RetryableRemoteException.class, own::checkQueryAccess);
    long before = local.requests();
    RetryableRemoteException held =
        catchThrowableOfType(RetryableRemoteException.class, own::checkQueryAccess);

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(e.code()).contains(971);
    assertThat(held.httpStatus()).isEmpty();
    assertThat(held.getMessage()).contains("not sent", "429", "resume in");
    assertThat(held.retryAfter())
        .hasValueSatisfying(
            wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(3)));
    assertThat(local.requests()).isEqualTo(before);
    assertThat(own.budget().limitedUntil()).isPresent();
  }

  @Test
  void connectionCutMidReply_isRetryable() {
    local.injectFault(Map.of("reset", true, "body", "{\"result\":[{\"resu"));

    RetryableRemoteException e = catchThrowableOfType(RetryableRemoteException.class, this::select);

    assertThat(e.httpStatus()).isEmpty();
  }

  @Test
  void malformedReply_isRetryable() {
    local.injectFault(Map.of("body", "{\"result\": [1, 2"));

    catchThrowableOfType(RetryableRemoteException.class, this::select);
  }

  @Test
  void successFalse_isRejected_withTheCodeAndMessage() {
    local.injectFault(
        Map.of("successFalse", true, "errorCode", 7500, "errorMessage", "no such column: zzz"));

    RejectedRemoteException e = catchThrowableOfType(RejectedRemoteException.class, this::select);

    assertThat(e.httpStatus()).hasValue(200);
    assertThat(e.code()).contains(7500);
    assertThat(e.remoteMessage()).contains("no such column: zzz");
  }

  @Test
  void slowReply_pastTheReadTimeout_isRetryable() {
    D1Remote impatient =
        D1Remote.create(local.config().readTimeout(Duration.ofMillis(300)).build());
    local.injectFault(Map.of("delayMs", 1_500, "status", 200, "body", "{}"));

    RetryableRemoteException e =
        catchThrowableOfType(
            RetryableRemoteException.class,
            () -> impatient.database().query(D1Statement.of("SELECT 1 AS one")));

    assertThat(e.getMessage()).contains("read timeout");
  }

  @Test
  void wrongToken_isAuthentication_andNeverShowsEitherToken() {
    D1Remote wrong =
        D1Remote.create(
            D1Config.builder(local.accountId(), local.id(), ApiToken.of("wrong-token-123"))
                .baseUrl(local.url())
                .build());

    RemoteAuthenticationException e =
        catchThrowableOfType(RemoteAuthenticationException.class, wrong::checkQueryAccess);

    assertThat(e.code()).contains(10000);
    assertThat(e.httpStatus()).hasValue(401);
    assertThat(e.getMessage()).doesNotContain("wrong-token-123").doesNotContain(local.token());
    assertThat(catchThrowable(wrong::describeDatabase))
        .isInstanceOf(RemoteAuthenticationException.class)
        .hasMessageNotContaining("wrong-token-123");
  }

  @Test
  void unknownDatabase_isNotFound() {
    D1Remote missing =
        D1Remote.create(
            D1Config.builder(local.accountId(), "no-such-database", ApiToken.of(local.token()))
                .baseUrl(local.url())
                .build());

    RemoteDatabaseNotFoundException e =
        catchThrowableOfType(RemoteDatabaseNotFoundException.class, missing::checkQueryAccess);

    assertThat(e.code()).contains(7404);
    assertThat(e.getMessage()).contains("no-such-database");
    assertThat(catchThrowable(missing::describeDatabase))
        .isInstanceOf(RemoteDatabaseNotFoundException.class)
        .hasMessageContaining("no-such-database");
  }

  @Test
  void unknownAccount_isAuthentication() {
    D1Remote other =
        D1Remote.create(
            D1Config.builder("someone-else", local.id(), ApiToken.of(local.token()))
                .baseUrl(local.url())
                .build());

    RemoteAuthenticationException e =
        catchThrowableOfType(RemoteAuthenticationException.class, other::checkQueryAccess);

    assertThat(e.code()).contains(7403);
  }

  private void select() {
    remote.database().query(D1Statement.of("SELECT 1 AS one"));
  }
}
