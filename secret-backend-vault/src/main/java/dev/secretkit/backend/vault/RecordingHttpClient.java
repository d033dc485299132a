package dev.secretkit.backend.vault;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The one {@link HttpClient} a store gives vault-java-driver, which keeps, per thread, what the driver does
 * not pass on from the last response it received: its body as the text HTTP decoded (the driver turns it
 * back into bytes with the platform's default charset, which mangles non-ASCII text where that is not
 * UTF-8) and its {@code Retry-After} header; and which gives up on the requests a thread sends {@link #within} a
 * shorter time than the driver's whole seconds. Everything else is the wrapped client's. Thread-safe.
 */
final class RecordingHttpClient extends HttpClient {
  /** What the last response on one thread said. */
  record Exchange(int status, String body, Optional<Duration> retryAfter) {
  }

  private final HttpClient http;
  private final ThreadLocal<Exchange> last = new ThreadLocal<>();
  /** How long this thread's requests wait at most, connecting included, when shorter than their own timeout. */
  private final ThreadLocal<Duration> bound = new ThreadLocal<>();

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

  /**
   * Returns what {@code call} returns, every request this thread sends meanwhile failing with an
   * {@link HttpTimeoutException} once {@code timeout} has passed without an answer, connecting
   * included, if its own timeout is longer.
   */
  <T> T within(Duration timeout, Supplier<T> call) {
    bound.set(timeout);
    try {
      return call.get();
    } finally {
      bound.remove();
    }
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Duration limit = bound.get();
    HttpResponse<T> response = limit == null || request.timeout().filter(own -> own.compareTo(limit) <= 0).isPresent()
        ? http.send(request, handler) : sendWithin(limit, request, handler);
    Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(RecordingHttpClient::seconds);
    last.set(new Exchange(response.statusCode(), response.body() instanceof String text ? text : "", retryAfter));
    return response;
  }

  /**
   * Sends {@code request} as {@link #send} does, but gives up after {@code limit} (the request itself is the
   * driver's, and keeps its own timeout): the exchange is cancelled, and the caller gets an
   * {@link HttpTimeoutException}, as when a request's own timeout passes.
   */
  private <T> HttpResponse<T> sendWithin(Duration limit, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<T>> response = http.sendAsync(request, handler);
    try {
      return response.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      response.cancel(true);
      throw new HttpTimeoutException("no answer within " + limit.toMillis() + " ms");
    } catch (InterruptedException e) {
      response.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable failure = e.getCause();
      if (failure instanceof IOException io) {
        throw io;
      }
      if (failure instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      throw new IOException(failure);
    }
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
