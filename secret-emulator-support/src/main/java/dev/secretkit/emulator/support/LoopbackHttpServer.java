package dev.secretkit.emulator.support;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Serves HTTP (or HTTPS) on {@code 127.0.0.1} and an ephemeral port, handing every request to one handler on
 * daemon threads: what an HTTP emulator answers on. A handler that throws {@link ConnectionDropped} has the
 * request's connection closed without an answer.
 *
 * <p>Its keep-alive connections never wait for delayed ACKs: unless the JVM was started with
 * {@code sun.net.httpserver.nodelay} set, loading this class sets it to {@code true} (without it every request
 * on a kept-alive connection stalls about 40 ms). Instances are thread-safe.
 */
public final class LoopbackHttpServer implements AutoCloseable {
  static {
    // The JDK reads this once, before the first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /**
   * Thrown by a handler to close the request's connection without any answer, as when an answer is lost on the
   * way back: the client sees an I/O error. It is checked, an {@link IOException}, so that a handler's catch of
   * {@link RuntimeException} (its way to answer a 500) lets it through.
   */
  public static final class ConnectionDropped extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates the signal. */
    public ConnectionDropped() {
      super("connection dropped");
    }
  }

  private final String name;
  private final HttpHandler handler;
  private HttpServer server;
  private ExecutorService executor;
  private int lastPort;
  private SSLContext lastTls;
  private boolean lastRequireClientCertificate;

  /**
   * Creates a stopped server that will hand every request to {@code handler}, on threads called {@code name}
   * (such as {@code vault-emulator}).
   */
  public LoopbackHttpServer(String name, HttpHandler handler) {
    this.name = Objects.requireNonNull(name, "name");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * Binds 127.0.0.1 on an ephemeral port and starts serving plain HTTP.
   *
   * @throws IllegalStateException if already started
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized void start() {
    bind(null, false, 0);
  }

  /**
   * Binds 127.0.0.1 on an ephemeral port and starts serving HTTPS with {@code tls}, whose key and certificate the
   * test made; with {@code requireClientCertificate} the handshake also demands a client certificate that
   * {@code tls}'s trust managers accept.
   *
   * @throws IllegalStateException if already started
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized void start(SSLContext tls, boolean requireClientCertificate) {
    bind(Objects.requireNonNull(tls, "tls"), requireClientCertificate, 0);
  }

  /**
   * Starts serving again after {@link #close()}, on the port it served on last and as it did then (HTTP, or HTTPS
   * with the same context): what a test does to bring a stopped emulator back at the address its clients know.
   *
   * @throws IllegalStateException if it is serving, or was never started
   * @throws UncheckedIOException if the port cannot be bound again
   */
  public synchronized void restart() {
    if (lastPort == 0) {
      throw new IllegalStateException("the emulator was never started, so it has no port to serve on again");
    }
    bind(lastTls, lastRequireClientCertificate, lastPort);
  }

  private void bind(SSLContext tls, boolean requireClientCertificate, int port) {
    if (server != null) {
      throw new IllegalStateException("the emulator is already started");
    }
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    try {
      if (tls == null) {
        server = HttpServer.create(loopback, 0);
      } else {
        HttpsServer https = HttpsServer.create(loopback, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters parameters) {
            SSLParameters ssl = tls.getDefaultSSLParameters();
            ssl.setNeedClientAuth(requireClientCertificate);
            parameters.setSSLParameters(ssl);
          }
        });
        server = https;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback port for " + name, e);
    }
    executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try {
        handler.handle(exchange);
      } catch (ConnectionDropped dropped) {
        exchange.close();
      }
    });
    server.start();
    lastPort = server.getAddress().getPort();
    lastTls = tls;
    lastRequireClientCertificate = requireClientCertificate;
  }

  /**
   * Returns the URI it serves on, such as {@code http://127.0.0.1:54321}, or {@code https://...} when started
   * with TLS.
   *
   * @throws IllegalStateException if the server is not started
   */
  public synchronized URI uri() {
    if (server == null) {
      throw new IllegalStateException("the emulator is not started");
    }
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Stops serving at once and frees the port; closing a stopped server does nothing. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
      executor = null;
    }
  }

  /** Returns the URI it serves on, or {@code stopped}, such as {@code http://127.0.0.1:54321}. */
  @Override
  public synchronized String toString() {
    return server == null ? "stopped" : uri().toString();
  }
}
