package dev.secretkit.leakcheck;

import java.util.List;

/**
 * The loggers whose events are not scanned: HTTP client wire and header loggers, which write request and response
 * bytes verbatim by design, and only when a user turns them on to debug the wire (they are off in any sane logging
 * configuration, and a user who turns them on asked for the bytes, values included).
 *
 * <ul>
 *   <li>{@code org.apache.http.wire} and {@code org.apache.http.headers}, {@code org.apache.hc.client5.http.wire} and
 *       {@code org.apache.hc.client5.http.headers}: Apache HttpClient 4 and 5 at DEBUG, bodies and headers;</li>
 *   <li>{@code sun.net.www.protocol.http.HttpURLConnection}: the JDK's HTTP client at FINE to FINEST, request and
 *       response headers (a Vault token among them);</li>
 *   <li>{@code software.amazon.awssdk.http.auth.aws.internal.signer}: the AWS SDK's SigV4 signer at DEBUG, the
 *       canonical request, every signed header included, so a session token ({@code x-amz-security-token})
 *       verbatim;</li>
 *   <li>{@code NettyClientHandler} and {@code NettyServerHandler} of gRPC (shaded or not): their HTTP/2 frame logger
 *       at DEBUG, frames with their payload in hex;</li>
 *   <li>{@code io.netty.handler.logging.LoggingHandler}, which a user adds to a pipeline to dump its bytes.</li>
 * </ul>
 *
 * Every other logger is scanned at every level.
 */
final class WireLoggers {
  static final List<String> EXCLUDED = List.of(
      "org.apache.http.wire",
      "org.apache.http.headers",
      "org.apache.hc.client5.http.wire",
      "org.apache.hc.client5.http.headers",
      "sun.net.www.protocol.http.HttpURLConnection",
      "software.amazon.awssdk.http.auth.aws.internal.signer",
      "io.grpc.netty.NettyClientHandler",
      "io.grpc.netty.NettyServerHandler",
      "io.grpc.netty.shaded.io.grpc.netty.NettyClientHandler",
      "io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler",
      "io.netty.handler.logging.LoggingHandler",
      "io.grpc.netty.shaded.io.netty.handler.logging.LoggingHandler");

  private WireLoggers() {
  }

  /** Returns whether events of the logger named {@code name} (or of a logger below it) are left unscanned. */
  static boolean excluded(String name) {
    if (name == null) {
      return false;
    }
    for (String excluded : EXCLUDED) {
      if (name.startsWith(excluded) && (name.length() == excluded.length() || name.charAt(excluded.length()) == '.')) {
        return true;
      }
    }
    return false;
  }
}
