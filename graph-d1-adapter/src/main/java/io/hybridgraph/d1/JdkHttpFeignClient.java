package io.hybridgraph.d1;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Feign's transport on the JDK's {@link HttpClient} (HTTP/1.1).
 *
 * <p>Chosen over Feign's default {@code HttpURLConnection} client because that one silently
 * re-sends a POST once when a kept-alive connection fails ({@code sun.net.http.retryPost}), which
 * would be a second, hidden retry layer. The JDK client never re-sends a POST. The read timeout is
 * a deadline for the whole exchange, reply body included, so a reply that trickles in slowly also
 * times out.
 */
final class JdkHttpFeignClient implements Client {

  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

  private final HttpClient http;

  JdkHttpFeignClient(Duration connectTimeout) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public Response execute(Request request, Request.Options options) throws IOException {
    Duration deadline = Duration.ofMillis(options.readTimeoutMillis());
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(request.url())).timeout(deadline);
    for (Map.Entry<String, Collection<String>> header : request.headers().entrySet()) {
      if (RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String value : header.getValue()) {
        builder.header(header.getKey(), value);
      }
    }
    byte[] body = request.body();
    HttpRequest.BodyPublisher publisher =
        body == null || body.length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body);
    builder.method(request.httpMethod().name(), publisher);

    CompletableFuture<HttpResponse<byte[]>> exchange =
        http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> reply;
    try {
      reply = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new HttpTimeoutException(
          "no complete reply within " + deadline.toMillis() + " ms (readTimeout)");
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted while waiting for D1");
      interrupted.initCause(e);
      throw interrupted;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause == null ? "request failed" : cause.toString(), cause);
    }

    Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, List<String>> header : reply.headers().map().entrySet()) {
      if (!header.getKey().startsWith(":")) {
        headers.put(header.getKey(), header.getValue());
      }
    }
    return Response.builder()
        .status(reply.statusCode())
        .reason("")
        .request(request)
        .headers(headers)
        .body(reply.body())
        .build();
  }
}
