package ai.horde.ingress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * HTTP/1.1 over a plain socket, one connection per call: the request goes out byte for byte as given (a NUL in a
 * header or in the request line, a method no client library allows, a Content-Length that lies), which
 * {@code java.net.http} refuses to send. For {@link FuzzSystemTest}.
 */
final class RawHttp {
  private RawHttp() {}

  /**
   * A request as sent.
   *
   * @param headers name and value pairs, sent as given after {@code Host} and {@code Connection: close}
   * @param body makes the body when the request is sent (so that thousands of large bodies are not all held at
   *     once), or null for none (then no Content-Length is sent unless a header gives one)
   * @param what why this request is hostile, for the report of a failure
   */
  record Request(String method, String target, List<String[]> headers, Supplier<byte[]> body, String what) {
    /** The request as a person reads it: long values and bodies cut, control characters escaped. */
    String describe() {
      StringBuilder text = new StringBuilder(what).append("\n  ").append(method).append(' ')
          .append(cut(target, 300));
      for (String[] header : headers) {
        text.append("\n  ").append(cut(header[0], 80)).append(": ").append(cut(header[1], 200));
      }
      if (body != null) {
        byte[] bytes = body.get();
        text.append("\n  body (").append(bytes.length).append(" bytes): ")
            .append(cut(new String(bytes, StandardCharsets.UTF_8), 400));
      }
      return text.toString();
    }
  }

  /** A response: its status, its headers (names lower-cased, last one wins) and its body. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  static Response send(int port, Request request) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(60_000);
      byte[] body = request.body() == null ? null : request.body().get();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      write(head, request.method() + " " + request.target() + " HTTP/1.1\r\nHost: localhost:" + port
          + "\r\nConnection: close\r\n");
      boolean lengthGiven = false;
      for (String[] header : request.headers()) {
        write(head, header[0] + ": " + header[1] + "\r\n");
        lengthGiven |= header[0].equalsIgnoreCase("Content-Length");
      }
      if (body != null && !lengthGiven) {
        write(head, "Content-Length: " + body.length + "\r\n");
      }
      write(head, "\r\n");
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head.toByteArray());
        if (body != null) {
          out.write(body);
        }
        out.flush();
      } catch (IOException answeredEarly) {
        // The server may answer (413, 400) and close before it read the whole body: read what it said.
      }
      return read(socket.getInputStream());
    }
  }

  private static Response read(InputStream in) throws IOException {
    byte[] all;
    try {
      all = in.readAllBytes();
    } catch (SocketTimeoutException e) {
      throw new IOException("no complete answer within 60 s", e);
    }
    int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) {
      throw new IOException("not an HTTP response: " + cut(new String(all, StandardCharsets.ISO_8859_1), 200));
    }
    String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(Integer.parseInt(statusLine[1]), headers, body);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
      if (lineEnd < 0) {
        break;
      }
      String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int length = Integer.parseInt(size, 16);
      if (length == 0) {
        break;
      }
      body.write(chunked, lineEnd + 2, Math.min(length, chunked.length - lineEnd - 2));
      at = lineEnd + 2 + length + 2;
    }
    return body.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    return indexOf(data, pattern, 0);
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Headers and the request line go out as bytes: a value's chars below 256 as they are (NUL included). */
  private static void write(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.chars().allMatch(c -> c < 256) ? text.getBytes(StandardCharsets.ISO_8859_1)
        : text.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(bytes);
  }

  static String cut(String text, int max) {
    StringBuilder shown = new StringBuilder();
    text.codePoints().limit(max).forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        shown.append(String.format("\\x%02x", c));
      } else {
        shown.appendCodePoint(c);
      }
    });
    return text.length() > max ? shown + "…(" + text.length() + " chars)" : shown.toString();
  }
}
