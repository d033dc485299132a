package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Raw {@code java.net.http} requests to an emulator, for what the driver cannot send (the LIST method,
 * metadata and config writes, odd methods and headers) and to see exact statuses, headers and bodies.
 */
final class Raw {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One response: its status, body text and headers. */
  record Response(int status, String text, HttpHeaders headers) {
    /** Returns the body as JSON. */
    JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + text, e);
      }
    }

    /** Returns the {@code errors} array as text, such as {@code ["permission denied"]}. */
    String errors() {
      return json().get("errors").toString();
    }

    /** Returns the Content-Type header, or null. */
    String contentType() {
      return headers.firstValue("Content-Type").orElse(null);
    }
  }

  private final URI address;
  private final String token;
  private final String namespace;

  Raw(VaultEmulator vault, String token) {
    this(vault.address(), token, null);
  }

  private Raw(URI address, String token, String namespace) {
    this.address = address;
    this.token = token;
    this.namespace = namespace;
  }

  /** Returns requests with {@code other} as the token (none when null). */
  Raw withToken(String other) {
    return new Raw(address, other, namespace);
  }

  /** Returns requests with {@code X-Vault-Namespace: ns}. */
  Raw inNamespace(String ns) {
    return new Raw(address, token, ns);
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response list(String path) {
    return send("LIST", path, null);
  }

  Response post(String path, String json) {
    return send("POST", path, json);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  /** Sends {@code method} to {@code /v1/path} with {@code json} as the body (none when null). */
  Response send(String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(address.resolve("/v1/" + path))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      request.header("X-Vault-Token", token);
    }
    if (namespace != null) {
      request.header("X-Vault-Namespace", namespace);
    }
    return send(request.build());
  }

  /** Sends {@code request} as built. */
  static Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = Clients.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
