package dev.secretkit.backend.vault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A local HTTP server that answers each request with the bytes a test queued for its method and path: Vault's
 * documented sample responses, served exactly as the documentation shows them, with the
 * {@code Content-Type: application/json} Vault sends. It records every request; an unexpected one is
 * answered 404 {@code {"errors":["unexpected request"]}} and recorded too.
 */
final class ReplayServer implements AutoCloseable {
  /** One request as it arrived: method, path with query, the headers that matter, and the body. */
  record Request(String method, String target, String token, String namespace, String body) {
  }

  private record Answer(int status, byte[] body) {
  }

  private final HttpServer server;
  private final Map<String, Deque<Answer>> answers = new HashMap<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  ReplayServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::serve);
    server.start();
  }

  /** Returns the port served on. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Queues {@code status} with the documented sample {@code sample} (a file of vault-docs) for {@code request}. */
  ReplayServer answer(String request, int status, String sample) {
    byte[] body;
    try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/vault-docs/" + sample), sample)) {
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return queue(request, new Answer(status, body));
  }

  /** Queues {@code status} with the JSON text {@code json} for {@code request}. */
  ReplayServer answerJson(String request, int status, String json) {
    return queue(request, new Answer(status, json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Queues {@code status} with no body for {@code request}, such as a 204. */
  ReplayServer answer(String request, int status) {
    return queue(request, new Answer(status, null));
  }

  private synchronized ReplayServer queue(String request, Answer answer) {
    answers.computeIfAbsent(request, key -> new ArrayDeque<>()).add(answer);
    return this;
  }

  /** Returns the requests received so far, in order. */
  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void serve(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    requests.add(new Request(exchange.getRequestMethod(), target,
        exchange.getRequestHeaders().getFirst("X-Vault-Token"), exchange.getRequestHeaders().getFirst(
            "X-Vault-Namespace"), body));
    Answer answer;
    synchronized (this) {
      Deque<Answer> queued = answers.get(exchange.getRequestMethod() + " " + target);
      answer = queued == null || queued.isEmpty() ? new Answer(404,
          "{\"errors\":[\"unexpected request\"]}".getBytes(StandardCharsets.UTF_8)) : queued.poll();
    }
    if (answer.body() != null) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(answer.status(), answer.body() == null ? -1 : answer.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (answer.body() != null) {
        out.write(answer.body());
      }
    }
  }
}
