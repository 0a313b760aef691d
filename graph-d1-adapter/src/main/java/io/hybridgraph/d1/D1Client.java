package io.hybridgraph.d1;

import feign.FeignException;
import feign.RetryableException;
import io.hybridgraph.d1.D1Api.BatchBody;
import io.hybridgraph.d1.D1Api.QueryBody;
import io.hybridgraph.d1.ReplyClassifier.Operation;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The D1 REST client: every call waits for the shared rate limiter (the device's own share), is
 * held without being sent while the account's budget is down to its reserve or a 429 asked to wait
 * ({@link AccountBudget}), goes out through Feign once (no retries) and comes back as results or
 * exactly one {@link RemoteGraphException}. Reports every database size D1 mentions to the capacity
 * monitor. Thread-safe.
 */
final class D1Client implements D1Database {

  private static final Logger LOG = LoggerFactory.getLogger(D1Client.class);

  private final D1Api api;
  private final String accountId;
  private final String databaseId;
  private final RequestRateLimiter limiter;
  private final AccountBudget budget;
  private final double reserveFraction;
  private final ReplyClassifier classifier;
  private final Redactor redactor;
  private final LongConsumer sizeObserver;

  D1Client(
      D1Api api,
      String accountId,
      String databaseId,
      RequestRateLimiter limiter,
      AccountBudget budget,
      double reserveFraction,
      ReplyClassifier classifier,
      Redactor redactor,
      LongConsumer sizeObserver) {
    this.api = api;
    this.accountId = accountId;
    this.databaseId = databaseId;
    this.limiter = limiter;
    this.budget = budget;
    this.reserveFraction = reserveFraction;
    this.classifier = classifier;
    this.redactor = redactor;
    this.sizeObserver = sizeObserver;
  }

  @Override
  public D1Result query(D1Statement statement) {
    Objects.requireNonNull(statement, "statement");
    List<D1Result> results =
        call(Operation.QUERY, () -> api.query(accountId, databaseId, QueryBody.of(statement)));
    if (results.size() != 1) {
      throw classifier.malformed(
          200, "expected 1 statement result, got " + results.size(), new byte[0], null);
    }
    observeSizes(results);
    return results.get(0);
  }

  @Override
  public List<D1Result> batch(List<D1Statement> statements) {
    if (statements.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one statement");
    }
    List<QueryBody> bodies = new ArrayList<>(statements.size());
    for (D1Statement statement : statements) {
      bodies.add(QueryBody.of(statement));
    }
    long started = System.nanoTime();
    List<D1Result> results =
        call(Operation.QUERY, () -> api.batch(accountId, databaseId, new BatchBody(bodies)));
    if (results.size() != statements.size()) {
      throw classifier.malformed(
          200,
          "sent " + statements.size() + " statements but got " + results.size() + " results",
          new byte[0],
          null);
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "D1 batch of {} statements took {} ms",
          statements.size(),
          (System.nanoTime() - started) / 1_000_000);
    }
    observeSizes(results);
    return results;
  }

  @Override
  public D1DatabaseInfo info() {
    D1DatabaseInfo info = call(Operation.INFO, () -> api.info(accountId, databaseId));
    info.fileSize().ifPresent(sizeObserver);
    return info;
  }

  private void observeSizes(List<D1Result> results) {
    OptionalLong size =
        results.stream()
            .map(r -> r.meta().sizeAfter())
            .filter(OptionalLong::isPresent)
            .mapToLong(OptionalLong::getAsLong)
            .reduce(Long::max);
    size.ifPresent(sizeObserver);
  }

  private <T> T call(Operation operation, Supplier<T> request) {
    limiter.acquire();
    budget
        .hold(reserveFraction)
        .ifPresent(
            hold -> {
              throw new RetryableRemoteException(
                  "D1 request not sent: " + hold.reason(), 0, 0, null, hold.delay(), null);
            });
    try {
      return request.get();
    } catch (RemoteGraphException e) {
      throw e;
    } catch (RetryableException e) {
      // Feign wraps I/O failures (reset, refused, timeout, body cut short) this way.
      throw classifier.transport(operation, ioCause(e));
    } catch (FeignException e) {
      if (e.getCause() instanceof RemoteGraphException remote) {
        throw remote;
      }
      if (e.getCause() instanceof IOException io) {
        throw classifier.transport(operation, io);
      }
      throw new IllegalStateException(
          redactor.redact(
              "unexpected failure of the D1 client: "
                  + e.getClass().getSimpleName()
                  + ": "
                  + e.getMessage()));
    }
  }

  private static IOException ioCause(RetryableException e) {
    return e.getCause() instanceof IOException io
        ? io
        : new IOException(e.getClass().getSimpleName() + ": " + e.getMessage());
  }
}
