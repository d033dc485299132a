package dev.secretkit.projection;

import dev.secretkit.SecretException;
import dev.secretkit.SecretRef;
import dev.secretkit.client.SecretChange;
import dev.secretkit.client.SecretListener;
import dev.secretkit.client.SecretResolver;
import dev.secretkit.client.SecretWatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A projection kept current: rendered once when it starts, then again whenever a secret it uses
 * changes its values, as the resolver's {@linkplain SecretResolver#watch watches} see it (one
 * probe per secret per time-to-live; a time-to-live alone re-renders nothing). A re-render whose
 * output is unchanged does nothing; a changed one swaps the files in the secret directory, if it
 * has one, and tells the listener which keys changed. Closing it stops the watches and leaves the
 * files. Thread-safe.
 */
public final class Projection implements AutoCloseable {
  private final ProjectionRenderer renderer;
  private final List<Consumer> consumers;
  private final SecretDirectory directory;
  private final ProjectionListener listener;
  private final List<SecretWatch> watches = new ArrayList<>();
  private RenderedProjection current;
  private boolean closed;

  private Projection(ProjectionRenderer renderer, List<Consumer> consumers, SecretDirectory directory,
      ProjectionListener listener) {
    this.renderer = renderer;
    this.consumers = List.copyOf(consumers);
    this.directory = directory;
    this.listener = listener;
  }

  /**
   * Renders {@code consumers}, writes their files to {@code directory} when it is not null, and
   * keeps both current until closed.
   *
   * @throws dev.secretkit.manifest.InvalidManifestException if the first render fails; nothing is written then
   * @throws SecretException if a secret cannot be read, or watched
   */
  public static Projection start(SecretResolver resolver, List<Consumer> consumers, SecretDirectory directory,
      ProjectionListener listener) {
    Objects.requireNonNull(listener, "listener");
    Projection projection = new Projection(new ProjectionRenderer(resolver), consumers, directory, listener);
    projection.current = projection.renderer.render(projection.consumers);
    if (directory != null) {
      directory.write(projection.current.files());
    }
    try {
      for (SecretRef ref : ProjectionRenderer.secretsOf(projection.consumers)) {
        if (ref.version().isEmpty()) {
          projection.watches.add(resolver.watch(ref, projection.new Changes()));
        }
      }
    } catch (RuntimeException e) {
      projection.close();
      throw e;
    }
    return projection;
  }

  /** Returns what was rendered last. */
  public synchronized RenderedProjection current() {
    return current;
  }

  /**
   * Renders again now, whatever the watches saw, and swaps in the result when it differs; returns
   * whether it did.
   *
   * @throws dev.secretkit.manifest.InvalidManifestException if the render fails; what was rendered last stays
   * @throws SecretException if a secret cannot be read
   */
  public boolean refresh() {
    return rerender(List.of());
  }

  private synchronized boolean rerender(List<SecretChange> changes) {
    if (closed) {
      return false;
    }
    RenderedProjection next = renderer.render(consumers);
    if (next.sameOutputAs(current)) {
      next.destroy();
      return false;
    }
    if (directory != null) {
      directory.write(next.files());
    }
    current = next;
    if (!changes.isEmpty()) {
      try {
        listener.rendered(next, changes);
      } catch (RuntimeException dropped) {
        // A listener's failure must not stop the projection; the listener contract says it is dropped.
      }
    }
    return true;
  }

  /** Stops the watches; the files stay where they are. Closing twice does nothing. */
  @Override
  public void close() {
    List<SecretWatch> stopping;
    synchronized (this) {
      closed = true;
      stopping = List.copyOf(watches);
      watches.clear();
    }
    stopping.forEach(SecretWatch::close);
  }

  @Override
  public synchronized String toString() {
    return "Projection[" + current + (closed ? ", closed" : "") + "]";
  }

  /** What a watch of one secret tells the projection. */
  private final class Changes implements SecretListener {
    @Override
    public void changed(SecretChange change) {
      try {
        rerender(List.of(change));
      } catch (RuntimeException e) {
        report(e);
      }
    }

    @Override
    public void failed(SecretException error) {
      report(error);
    }

    private void report(RuntimeException error) {
      try {
        listener.failed(error);
      } catch (RuntimeException dropped) {
        // The listener contract: what it throws is dropped.
      }
    }
  }
}
