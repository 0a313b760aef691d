package io.hybridgraph.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Speaks HTTP/1.1 over a plain socket, for requests that {@code java.net.http} refuses to send (a
 * forged {@code Host}, a lower-case method, broken framing).
 */
final class RawHttp {

  /** A reply: the status code of its first line, its head and its body as text. */
  record Reply(int status, String head, String body) {

    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private RawHttp() {}

  /** Sends {@code request} as given to 127.0.0.1:{@code port} and reads until the server closes. */
  static Reply send(int port, String request) {
    return send(port, request.getBytes(StandardCharsets.UTF_8));
  }

  static Reply send(int port, byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new IOException("the server neither answered nor closed within 20 s", e);
    }
    return out.toByteArray();
  }

  static Reply parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      throw new AssertionError("not an HTTP/1.1 reply: " + text);
    }
    int status = Integer.parseInt(text.substring(9, 12));
    String head = text.substring(0, end);
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(new Reply(status, head, "").header("Transfer-Encoding"))) {
      body = dechunk(body);
    }
    return new Reply(status, head, body);
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      // Sizes count bytes; the bodies here are ASCII JSON, where bytes and chars agree.
      out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }
}
