package dev.secretkit.backend.vault;

import dev.secretkit.emulator.vault.VaultEmulator;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Vault's HTTP API called directly with the JDK's client and the root token, as {@code vault kv} or
 * {@code curl} would: what another tool sees of, and does behind, the store's back.
 */
final class RawVault {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final VaultEmulator vault;

  RawVault(VaultEmulator vault) {
    this.vault = vault;
  }

  /** Vault's answer: its status and body. */
  record Answer(int status, String body) {
    /** Returns the body as JSON. */
    JsonObject json() {
      return Json.parse(body).asObject();
    }
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(vault.address().resolve("/v1/" + path)).GET());
  }

  Answer post(String path, String json) {
    return send(HttpRequest.newBuilder(vault.address().resolve("/v1/" + path))
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  Answer delete(String path) {
    return send(HttpRequest.newBuilder(vault.address().resolve("/v1/" + path)).DELETE());
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.header("X-Vault-Token", vault.rootToken()).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
