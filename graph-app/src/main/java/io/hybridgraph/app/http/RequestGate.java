package io.hybridgraph.app.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The first thing every request meets, before any worker runs a handler for it:
 *
 * <ul>
 *   <li>the method must be one this API uses, spelled as HTTP spells it ({@code get} is refused);
 *   <li>the path and the query string must be well-formed percent-encoded UTF-8, and no query
 *       parameter may be given twice ({@link RequestTarget});
 *   <li>method override headers ({@code X-HTTP-Method-Override} and its cousins) are hidden, so a
 *       {@code GET} can never act as a {@code DELETE};
 *   <li>a body is read in full without holding a worker thread (asynchronous reads), within a size
 *       limit (413) and a deadline (408), and a body that ends early or breaks its framing is a
 *       400; only then is the request handed on, with its body in memory.
 * </ul>
 *
 * Refusals are answered with the API's JSON error shape and change nothing.
 */
final class RequestGate implements Filter {

  /** The methods HTTP defines for an API like this one, spelled as HTTP spells them. */
  static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

  private static final String BODY = RequestGate.class.getName() + ".body";

  private final int maxBodyBytes;
  private final Duration bodyDeadline;

  RequestGate(int maxBodyBytes, Duration bodyDeadline) {
    this.maxBodyBytes = maxBodyBytes;
    this.bodyDeadline = bodyDeadline;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    if (request.getDispatcherType() == DispatcherType.ASYNC) {
      Object body = request.getAttribute(BODY);
      if (body instanceof byte[] bytes) {
        request.removeAttribute(BODY);
        chain.doFilter(new GatedRequest(request, bytes), response);
      } else {
        chain.doFilter(request, response);
      }
      return;
    }
    Optional<ErrorBodies.Refusal> refusal = refuse(request);
    if (refusal.isPresent()) {
      ErrorBodies.write(response, refusal.get());
      return;
    }
    if (!hasBody(request)) {
      chain.doFilter(new GatedRequest(request, null), response);
      return;
    }
    if (request.getContentLengthLong() > maxBodyBytes) {
      response.setHeader("Connection", "close");
      ErrorBodies.write(response, tooLarge());
      return;
    }
    readBody(request, response);
  }

  private Optional<ErrorBodies.Refusal> refuse(HttpServletRequest request) {
    String method = request.getMethod();
    if (!METHODS.contains(method)) {
      return Optional.of(
          new ErrorBodies.Refusal(
              405,
              "method",
              "method '"
                  + ErrorBodies.printable(method)
                  + "' is not an HTTP method this API knows; methods are upper case: GET,"
                  + " POST, DELETE"));
    }
    return RequestTarget.check(request.getRequestURI(), request.getQueryString());
  }

  private static boolean hasBody(HttpServletRequest request) {
    String encoding = request.getHeader("Transfer-Encoding");
    return request.getContentLengthLong() > 0 || (encoding != null && !encoding.isBlank());
  }

  private ErrorBodies.Refusal tooLarge() {
    return new ErrorBodies.Refusal(
        413, "body", "the request body must be at most " + maxBodyBytes + " bytes");
  }

  /**
   * Reads the body with non-blocking reads; when it is all there the request is dispatched again,
   * carrying the body, and goes on to its handler.
   */
  private void readBody(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    AsyncContext async = request.startAsync(request, response);
    async.setTimeout(bodyDeadline.toMillis());
    AtomicBoolean finished = new AtomicBoolean();
    async.addListener(
        new AsyncListener() {
          @Override
          public void onTimeout(AsyncEvent event) throws IOException {
            if (finished.compareAndSet(false, true)) {
              response.setHeader("Connection", "close");
              ErrorBodies.write(
                  response,
                  new ErrorBodies.Refusal(
                      408,
                      "body",
                      "the request body did not arrive within " + bodyDeadline.toSeconds() + " s"));
              async.complete();
            }
          }

          @Override
          public void onComplete(AsyncEvent event) {}

          @Override
          public void onError(AsyncEvent event) {}

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
    ServletInputStream in = request.getInputStream();
    in.setReadListener(new BodyListener(in, async, response, finished));
  }

  /** Collects the body as it arrives; answers 413 as soon as it is too long. */
  private final class BodyListener implements ReadListener {

    private final ServletInputStream in;
    private final AsyncContext async;
    private final HttpServletResponse response;
    private final AtomicBoolean finished;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[8192];

    BodyListener(
        ServletInputStream in,
        AsyncContext async,
        HttpServletResponse response,
        AtomicBoolean finished) {
      this.in = in;
      this.async = async;
      this.response = response;
      this.finished = finished;
    }

    @Override
    public void onDataAvailable() throws IOException {
      while (!finished.get() && in.isReady()) {
        int n = in.read(buffer);
        if (n < 0) {
          return;
        }
        body.write(buffer, 0, n);
        if (body.size() > maxBodyBytes) {
          fail(tooLarge());
          return;
        }
      }
    }

    @Override
    public void onAllDataRead() {
      if (finished.compareAndSet(false, true)) {
        async.getRequest().setAttribute(BODY, body.toByteArray());
        async.dispatch();
      }
    }

    @Override
    public void onError(Throwable failure) {
      fail(
          new ErrorBodies.Refusal(
              400,
              "body",
              "the request body could not be read: it ended early or its framing is broken ("
                  + ErrorBodies.printable(String.valueOf(failure.getMessage()))
                  + ")"));
    }

    private void fail(ErrorBodies.Refusal refusal) {
      if (finished.compareAndSet(false, true)) {
        try {
          response.setHeader("Connection", "close");
          ErrorBodies.write(response, refusal);
        } catch (IOException | IllegalStateException e) {
          // The client is gone; there is nobody to tell.
        } finally {
          async.complete();
        }
      }
    }
  }
}
