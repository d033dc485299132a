package dev.secretkit.client;

/** A running {@linkplain SecretResolver#watch watch}; closing it stops it, and closing it twice does nothing. */
public interface SecretWatch extends AutoCloseable {

  /** Stops the watch: its listener is not called again once this returns. */
  @Override
  void close();
}
