package dev.secretkit.backend.vault;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The one {@link HttpClient} a store gives vault-java-driver, which keeps, per thread, what the driver does
 * not pass on from the last response it received: its body as the text HTTP decoded (the driver turns it
 * back into bytes with the platform's default charset, which mangles non-ASCII text where that is not
 * UTF-8) and its {@code Retry-After} header. Everything else is the wrapped client's. Thread-safe.
 */
final class RecordingHttpClient extends HttpClient {
  /** What the last response on one thread said. */
  record Exchange(int status, String body, Optional<Duration> retryAfter) {
  }

  private final HttpClient http;
  private final ThreadLocal<Exchange> last = new ThreadLocal<>();

  RecordingHttpClient(HttpClient http) {
    this.http = http;
  }

  /** Forgets this thread's last exchange; call before each driver call. */
  void clear() {
    last.remove();
  }

  /**
   * Returns the exchange of this thread's last driver call, or empty when it got no response, and forgets
   * it: the body may hold values, which must not outlive the call.
   */
  Optional<Exchange> take() {
    Exchange exchange = last.get();
    last.remove();
    return Optional.ofNullable(exchange);
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    HttpResponse<T> response = http.send(request, handler);
    Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(RecordingHttpClient::seconds);
    last.set(new Exchange(response.statusCode(), response.body() instanceof String text ? text : "", retryAfter));
    return response;
  }

  private static Optional<Duration> seconds(String header) {
    String text = header.trim();
    return text.matches("[0-9]{1,9}") ? Optional.of(Duration.ofSeconds(Long.parseLong(text))) : Optional.empty();
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> handler) {
    return http.sendAsync(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return http.sendAsync(request, handler, pushPromiseHandler);
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return http.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return http.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return http.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return http.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return http.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return http.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return http.authenticator();
  }

  @Override
  public Version version() {
    return http.version();
  }

  @Override
  public Optional<Executor> executor() {
    return http.executor();
  }

  @Override
  public String toString() {
    return "RecordingHttpClient[" + http.version() + "]";
  }
}
