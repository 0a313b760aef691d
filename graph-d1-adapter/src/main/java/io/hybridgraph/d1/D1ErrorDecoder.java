package io.hybridgraph.d1;

import feign.Response;
import feign.codec.ErrorDecoder;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Maps every reply outside 2xx to one of our {@link RemoteGraphException} categories (see {@link
 * ReplyClassifier}). Feign's retryer is {@code NEVER_RETRY}, so retryable failures are returned as
 * {@link RetryableRemoteException}, not Feign's {@code RetryableException}: the sync layer owns
 * retries.
 */
final class D1ErrorDecoder implements ErrorDecoder {

  private final ReplyClassifier classifier;

  D1ErrorDecoder(ReplyClassifier classifier) {
    this.classifier = classifier;
  }

  @Override
  public Exception decode(String methodKey, Response response) {
    byte[] body;
    try {
      body = readFully(response);
    } catch (IOException e) {
      // The status line arrived but the body was cut short: classify by status alone.
      body = new byte[0];
    }
    return classifier.fromStatus(
        response.status(), response.headers(), body, D1ReplyDecoder.operationOf(response));
  }

  private static byte[] readFully(Response response) throws IOException {
    if (response.body() == null) {
      return new byte[0];
    }
    try (InputStream in = response.body().asInputStream()) {
      return in.readAllBytes();
    }
  }
}
