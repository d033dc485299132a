package dev.secretkit.backend.gcp;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Google credentials found on first use, not when the store opens: a service-account (or other) key file named by
 * the URI's {@code credentialsFile} or by {@code GOOGLE_APPLICATION_CREDENTIALS} in the store's environment, else
 * Application Default Credentials (gcloud's {@code application-default login} file, or the metadata server of a
 * Google runtime). Opening a store thus reads nothing and calls nothing; a first call without credentials fails
 * with {@link Missing}, which the store reports as a {@link dev.secretkit.CredentialsException}. Key material is
 * never taken from the URI. Thread-safe.
 */
final class GcpCredentials extends Credentials {
  private static final long serialVersionUID = 1L;
  private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");

  /** Thrown on first use when no credentials could be loaded; its message says where the store looked. */
  static final class Missing extends IOException {
    private static final long serialVersionUID = 1L;

    Missing(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final transient Path file;
  private final String source;
  private transient GoogleCredentials loaded;

  private GcpCredentials(Path file, String source) {
    this.file = file;
    this.source = source;
  }

  /**
   * Returns the credentials a store with {@code credentialsFile} (or null) and {@code environment} uses: the file,
   * else {@code GOOGLE_APPLICATION_CREDENTIALS}'s file, else Application Default Credentials.
   */
  static GcpCredentials of(String credentialsFile, Map<String, String> environment) {
    if (credentialsFile != null) {
      return new GcpCredentials(Path.of(credentialsFile), "the key file credentialsFile names");
    }
    String variable = environment.get("GOOGLE_APPLICATION_CREDENTIALS");
    if (variable != null && !variable.isBlank()) {
      return new GcpCredentials(Path.of(variable), "the key file GOOGLE_APPLICATION_CREDENTIALS names");
    }
    return new GcpCredentials(null, "Application Default Credentials");
  }

  /** Returns where the credentials come from, for messages. */
  String source() {
    return source;
  }

  @Override
  public String getAuthenticationType() {
    return "OAuth2";
  }

  @Override
  public Map<String, List<String>> getRequestMetadata(URI uri) throws IOException {
    return credentials().getRequestMetadata(uri);
  }

  @Override
  public boolean hasRequestMetadata() {
    return true;
  }

  @Override
  public boolean hasRequestMetadataOnly() {
    return true;
  }

  @Override
  public void refresh() throws IOException {
    credentials().refresh();
  }

  /** Returns the source only: never a key. */
  @Override
  public String toString() {
    return "GcpCredentials[" + source + "]";
  }

  private synchronized GoogleCredentials credentials() throws Missing {
    if (loaded == null) {
      GoogleCredentials found = file != null ? fromFile() : applicationDefault();
      loaded = found.createScopedRequired() ? found.createScoped(SCOPES) : found;
    }
    return loaded;
  }

  private GoogleCredentials fromFile() throws Missing {
    if (!Files.isReadable(file)) {
      throw new Missing(source + " (" + file + ") is not a readable file: point it at a service-account key file"
          + " (gcloud iam service-accounts keys create)", null);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return GoogleCredentials.fromStream(in);
    } catch (IOException | RuntimeException e) {
      throw new Missing(source + " (" + file + ") holds no Google credentials that the client can read: point it"
          + " at a service-account key file (gcloud iam service-accounts keys create)", GcpErrors.cause(e));
    }
  }

  private GoogleCredentials applicationDefault() throws Missing {
    try {
      return GoogleCredentials.getApplicationDefault();
    } catch (IOException | RuntimeException e) {
      throw new Missing("found no Application Default Credentials (looked at GOOGLE_APPLICATION_CREDENTIALS,"
          + " gcloud's application-default file and the metadata server): run 'gcloud auth application-default"
          + " login', set GOOGLE_APPLICATION_CREDENTIALS, or add credentialsFile=PATH to the store URI",
          GcpErrors.cause(e));
    }
  }
}
