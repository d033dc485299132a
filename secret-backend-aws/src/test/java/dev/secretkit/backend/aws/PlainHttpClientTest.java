package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An aws-sm store on a plain {@code http://} endpoint sets up no TLS (in a JVM of its own, PlainEndpointRead, whose
 * class loading shows it), while on {@code https://}, or through a proxy, it keeps the SDK's own client builder.
 */
class PlainHttpClientTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** The JDK's TLS context, which loading the trust store and setting up TLS start from. */
  private static final String TLS_CONTEXT = "sun.security.ssl.SSLContextImpl ";

  @Test
  void aReadOnAPlainEndpoint_setsUpNoTls_whileAStoreOnHttpsDoes() throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-Xlog:class+load=info:stdout:none", "-cp", System.getProperty("java.class.path"),
        PlainEndpointRead.class.getName());
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor()).as(out).isZero();

    int https = out.indexOf(PlainEndpointRead.HTTPS);
    assertThat(https).as(out).isPositive();
    assertThat(out.substring(0, https)).as("the classes loaded for the read on http://")
        .contains("software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest")
        .doesNotContain(TLS_CONTEXT);
    assertThat(out.substring(https)).as("the classes loaded for the store on https://").contains(TLS_CONTEXT);
  }

  @Test
  void onlyAPlainEndpointWithoutAProxy_getsIt() {
    assertThat(PlainHttpClient.forEndpoint(URI.create("http://127.0.0.1:4566"), TIMEOUT)).isPresent();
    assertThat(PlainHttpClient.forEndpoint(URI.create("https://secretsmanager.eu-west-1.amazonaws.com"), TIMEOUT))
        .isEmpty();
    assertThat(withProperty("http.proxyHost", "proxy.invalid",
        () -> PlainHttpClient.forEndpoint(URI.create("http://127.0.0.1:4566"), TIMEOUT))).isEmpty();
  }

  private static <T> T withProperty(String name, String value, Supplier<T> action) {
    String before = System.getProperty(name);
    System.setProperty(name, value);
    try {
      return action.get();
    } finally {
      if (before == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, before);
      }
    }
  }
}
