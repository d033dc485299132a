package dev.secretkit.backend.aws.moto;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy on a loopback port that forwards every request to another server (moto) and can
 * make one chosen request fail: before it is forwarded, or after it took effect with its answer
 * lost (a 500, or a connection closed without an answer). It counts requests by their
 * {@code X-Amz-Target} operation.
 */
public final class FaultProxy implements AutoCloseable {
  /** What happens to the chosen request. */
  public enum Mode {
    /** Never forwarded: answered with a 500 {@code InternalServiceError}. */
    FAIL_BEFORE,
    /** Forwarded and applied, then answered with a 500 {@code InternalServiceError}. */
    LOSE_ANSWER,
    /** Forwarded and applied, then the connection is closed without an answer. */
    DROP_CONNECTION
  }

  private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding",
      "expect", "upgrade", "keep-alive");
  private static final byte[] INTERNAL_ERROR =
      "{\"__type\":\"InternalServiceError\",\"message\":\"injected by the proxy\"}".getBytes(StandardCharsets.UTF_8);

  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final URI target;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong requests = new AtomicLong();
  private final Map<String, AtomicLong> byOperation = new ConcurrentHashMap<>();
  private volatile long failAt;
  private volatile Mode failMode;

  private FaultProxy(URI target) {
    this.target = target;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("binding the proxy failed", e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
  }

  /** Starts a proxy in front of {@code target}. */
  public static FaultProxy start(URI target) {
    FaultProxy proxy = new FaultProxy(target);
    proxy.server.start();
    return proxy;
  }

  /** Returns the proxy's base URI, for the SDK's endpoint override. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Makes request number {@code n}, counted from the last {@link #reset()} and from 1, fail as {@code mode}. */
  public void fail(long n, Mode mode) {
    failMode = mode;
    failAt = n;
  }

  /** Forgets the counts and any failure not yet injected. */
  public void reset() {
    failAt = 0;
    failMode = null;
    requests.set(0);
    byOperation.clear();
  }

  /** Returns how many requests arrived since the last {@link #reset()}. */
  public long requests() {
    return requests.get();
  }

  /** Returns the number of requests of each operation since the last {@link #reset()}, by name. */
  public Map<String, Long> operations() {
    Map<String, Long> counts = new TreeMap<>();
    byOperation.forEach((operation, count) -> counts.put(operation, count.get()));
    return counts;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String operation = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      byOperation.computeIfAbsent(operation.substring(operation.indexOf('.') + 1), o -> new AtomicLong())
          .incrementAndGet();
      long number = requests.incrementAndGet();
      Mode mode = number == failAt ? failMode : null;
      if (mode == Mode.FAIL_BEFORE) {
        answer(exchange, 500, Map.of("Content-Type", List.of("application/x-amz-json-1.1")), INTERNAL_ERROR);
        return;
      }
      HttpResponse<byte[]> response = forward(exchange, body);
      if (mode == Mode.LOSE_ANSWER) {
        answer(exchange, 500, Map.of("Content-Type", List.of("application/x-amz-json-1.1")), INTERNAL_ERROR);
      } else if (mode != Mode.DROP_CONNECTION) {
        answer(exchange, response.statusCode(), response.headers().map(), response.body());
      }
      // For DROP_CONNECTION, closing the exchange before any header is sent closes the connection.
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
        .timeout(Duration.ofSeconds(30));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding", e);
    }
  }

  private static void answer(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
      throws IOException {
    headers.forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
