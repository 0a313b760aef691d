package io.hybridgraph.app.http;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Errors that Jetty raises itself, before or outside Javalin (a request line or header too long, a
 * malformed request, an unknown host form), answered in the API's JSON error shape instead of an
 * HTML page, without stack traces.
 */
final class JsonErrorHandler extends ErrorHandler {

  JsonErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    Object cause = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    String detail =
        cause instanceof Throwable failure && failure.getMessage() != null
            ? failure.getMessage()
            : message;
    byte[] body = ErrorBodies.json(field(detail), describe(code, detail));
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
    return ByteBuffer.wrap(ErrorBodies.json(field(reason), describe(status, reason)));
  }

  /** "path" when Jetty refused the request's URI, "request" otherwise. */
  private static String field(String detail) {
    return detail != null && detail.toLowerCase(java.util.Locale.ROOT).contains("uri")
        ? "path"
        : "request";
  }

  private static String describe(int code, String message) {
    if (code == 414) {
      return "the request line is too long";
    }
    if (code == 431) {
      return "the request headers are too large";
    }
    if (message == null || message.isBlank() || message.equals(HttpStatus.getMessage(code))) {
      return code == 400
          ? "the request line, path or headers are malformed (a path must be valid"
              + " percent-encoded UTF-8 without NUL)"
          : "the request was refused: " + HttpStatus.getMessage(code);
    }
    return "the request was refused: " + ErrorBodies.printable(message);
  }
}
