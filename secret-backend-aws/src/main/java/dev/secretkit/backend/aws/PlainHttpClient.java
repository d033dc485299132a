package dev.secretkit.backend.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The URL-connection client for a plain {@code http://} endpoint (an emulator, a local test double), without the
 * TLS context that the SDK's builder sets up whatever the endpoint: loading the JVM's trust store and initialising
 * TLS is most of what a short-lived process such as {@code secretctl} spends building its AWS client, and a plain
 * endpoint never uses it.
 *
 * <p>Its connections are the ones the SDK's builder would open for that endpoint: {@code URL.openConnection()}
 * with the connect and read timeouts set. So it is offered only when the SDK would send the calls through no proxy
 * (its proxy configuration, read from the {@code http.proxyHost} system property and the {@code HTTP_PROXY}
 * variable, names none); otherwise, and for {@code https://}, the store keeps the SDK's builder.
 */
final class PlainHttpClient {
  private PlainHttpClient() {
  }

  /**
   * Returns the client for {@code endpoint} with {@code timeout} to connect and to read, or empty when the SDK's
   * builder is needed: an {@code https://} endpoint, or a proxy configured. The client holds no resources (its
   * {@code close()} does nothing), so the SDK client need not close it.
   */
  static Optional<SdkHttpClient> forEndpoint(URI endpoint, Duration timeout) {
    if (!"http".equalsIgnoreCase(endpoint.getScheme()) || ProxyConfiguration.builder().build().host() != null) {
      return Optional.empty();
    }
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    return Optional.of(UrlConnectionHttpClient.create(uri -> {
      try {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        return connection;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }));
  }
}
