package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secretkit.SecretId;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.emulator.vault.VaultEmulator;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy in front of Vault (an Envoy or Istio sidecar, a load balancer) answers 503 when the upstream
 * connection breaks after the request was sent: unlike Vault's own 503 (sealed, standby), the write may have
 * been carried out. The store must then find out, not report a conflict for a write that stands.
 */
class VaultProxyFaultTest {
  private static final SecretId PG = SecretId.of("public", "pg");
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private VaultEmulator emulator;
  private HttpServer proxy;
  private final AtomicBoolean breakNextDataWrite = new AtomicBoolean();

  @BeforeEach
  void start() throws IOException {
    emulator = new VaultEmulator(new TickingClock()).start();
    HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    proxy.createContext("/", exchange -> forward(upstream, exchange));
    proxy.start();
  }

  @AfterEach
  void stop() {
    proxy.stop(0);
    emulator.close();
  }

  private void forward(HttpClient upstream, HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emulator.address().getPort()
          + exchange.getRequestURI())).method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (name.toLowerCase().startsWith("x-vault-") || name.equalsIgnoreCase("content-type")) {
          values.forEach(value -> request.header(name, value));
        }
      });
      HttpResponse<byte[]> response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      boolean dataWrite = exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath()
          .startsWith("/v1/secret/data/");
      if (dataWrite && breakNextDataWrite.compareAndSet(true, false)) {
        // Vault carried the write out; the proxy lost the upstream connection before the headers.
        answer(exchange, 503, ("upstream connect error or disconnect/reset before headers. reset reason:"
            + " connection termination").getBytes(StandardCharsets.UTF_8));
        return;
      }
      answer(exchange, response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private SecretStore open() {
    return TestStores.open("vault://127.0.0.1:" + proxy.getAddress().getPort() + "/secret?tls=false&prefix=proxied"
        + "&retryDelayMillis=10", Map.of("VAULT_TOKEN", emulator.rootToken()), new TickingClock());
  }

  private static Map<String, SecretValue> password(String value) {
    return Map.of("password", SecretValue.ofString(value));
  }

  @Test
  void aWriteCarriedOutBehindAProxys503_isReportedDone_notAConflict() {
    try (SecretStore store = open()) {
      SecretMetadata metadata = new SecretMetadata("secret", "v1", "key-value-properties", "r", "olivia", List.of(),
          null, null, List.of(), List.of(), T0, "olivia", T0, "olivia");
      StoredSecret created = store.create(PG, metadata, password("v1"));
      breakNextDataWrite.set(true);

      StoredSecret updated = store.update(PG, created.revision(), metadata.touchedBy("alice", T0.plusSeconds(1)),
          password("v2"));

      StoredSecret now = store.read(PG).orElseThrow();
      assertThat(now.values().get("password").asString()).isEqualTo("v2");
      assertThat(updated.revision()).isEqualTo(now.revision());
      assertThat(now.version().number()).isEqualTo(2);
    }
  }
}
