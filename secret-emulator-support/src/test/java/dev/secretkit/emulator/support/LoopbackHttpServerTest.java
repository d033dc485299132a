package dev.secretkit.emulator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server answers on loopback through its handler, drops a connection on request, and starts and stops once. */
class LoopbackHttpServerTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> threads = new CopyOnWriteArrayList<>();
  private final LoopbackHttpServer server = new LoopbackHttpServer("test-emulator", exchange -> {
    threads.add(Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? " (daemon)" : ""));
    if (exchange.getRequestURI().getPath().equals("/drop")) {
      throw new LoopbackHttpServer.ConnectionDropped();
    }
    byte[] body = exchange.getRequestURI().getPath().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  });

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void start_servesTheHandlerOnLoopback_onDaemonThreadsNamedForTheEmulator() throws Exception {
    server.start();

    HttpResponse<String> answer = get("/hello");

    assertThat(server.uri().getScheme()).isEqualTo("http");
    assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
    assertThat(server.uri().getPort()).isPositive();
    assertThat(server).hasToString(server.uri().toString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("/hello");
    assertThat(threads).containsExactly("test-emulator (daemon)");
    assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
  }

  @Test
  void connectionDropped_closesTheConnectionWithoutAnAnswer_andTheServerGoesOn() throws Exception {
    server.start();

    assertThatThrownBy(() -> get("/drop")).isInstanceOf(IOException.class);
    assertThat(get("/after").body()).isEqualTo("/after");
  }

  @Test
  void startAndStop_happenOnce_andAStoppedServerHasNoUri() {
    assertThatThrownBy(server::uri).isInstanceOf(IllegalStateException.class)
        .hasMessage("the emulator is not started");
    assertThat(server).hasToString("stopped");
    server.start();
    URI uri = server.uri();

    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
        .hasMessage("the emulator is already started");
    server.close();
    server.close();

    assertThatThrownBy(server::uri).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
        .as("the port is closed").isInstanceOf(IOException.class);
  }

  @Test
  void restart_servesAgainOnTheSamePort_andTheSameClientGetsThrough() throws Exception {
    assertThatThrownBy(server::restart).isInstanceOf(IllegalStateException.class)
        .hasMessage("the emulator was never started, so it has no port to serve on again");
    server.start();
    URI before = server.uri();
    assertThat(get("/before").body()).isEqualTo("/before");

    server.close();
    assertThatThrownBy(() -> get("/while-stopped")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(before.resolve("/down")).build(),
        HttpResponse.BodyHandlers.ofString())).as("nothing serves while it is stopped").isInstanceOf(IOException.class);
    server.restart();

    assertThat(server.uri()).isEqualTo(before);
    assertThat(get("/after").body()).isEqualTo("/after");
    assertThatThrownBy(server::restart).isInstanceOf(IllegalStateException.class)
        .hasMessage("the emulator is already started");
  }

  /** secret-emulator-vault's TlsTest proves HTTPS with a real key and certificate; here, only the server's side. */
  @Test
  void start_withTls_servesHttps_andRefusesNoContext() throws Exception {
    assertThatThrownBy(() -> server.start(null, false)).isInstanceOf(NullPointerException.class).hasMessage("tls");

    server.start(SSLContext.getDefault(), true);

    assertThat(server.uri().getScheme()).isEqualTo("https");
    assertThatThrownBy(() -> get("/hello")).as("the default context has no key to offer").isInstanceOf(
        IOException.class);
    assertThat(threads).isEmpty();
  }
}
