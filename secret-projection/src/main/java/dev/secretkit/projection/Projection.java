package dev.secretkit.projection;

import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretRef;
import dev.secretkit.client.SecretChange;
import dev.secretkit.client.SecretListener;
import dev.secretkit.client.SecretResolver;
import dev.secretkit.client.SecretWatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A projection kept current: rendered once when it starts, then again whenever a secret it uses
 * changes its values, as the resolver's {@linkplain SecretResolver#watch watches} see it (one
 * probe per secret per time-to-live; a time-to-live alone re-renders nothing).
 *
 * <p>The watches start before the first render, so a change made while it starts is in it. A
 * re-render whose output is unchanged swaps nothing; a changed one swaps the files in the secret
 * directory (only when they changed), and tells the listener each change it took in, once, even
 * when one re-render took in the changes of several secrets. A failed re-render keeps what was
 * rendered last and tells the listener; the next change, or {@link #refresh()}, tries again.
 * Closing it stops the watches and leaves the files. What the listener throws is logged at {@code WARNING}, by
 * class only, to the {@code System.Logger} named after this class. Thread-safe.
 */
public final class Projection implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Projection.class.getName());

  private final ProjectionRenderer renderer;
  private final List<Consumer> consumers;
  private final SecretDirectory directory;
  private final ProjectionListener listener;
  private final List<SecretWatch> watches = new ArrayList<>();
  private RenderedProjection current;
  /** The versions the render before the last swap used: a change newer than these was taken in by that swap. */
  private Map<SecretId, Long> beforeLastSwap = Map.of();
  /** The changes already told of that the last swap took in. */
  private final Set<SecretChange> told = new HashSet<>();
  private boolean closed;

  private Projection(ProjectionRenderer renderer, List<Consumer> consumers, SecretDirectory directory,
      ProjectionListener listener) {
    this.renderer = renderer;
    this.consumers = List.copyOf(consumers);
    this.directory = directory;
    this.listener = listener;
  }

  /**
   * Watches every secret {@code consumers} use, renders them, writes their files to
   * {@code directory} when it is not null, and keeps both current until closed.
   *
   * @throws dev.secretkit.manifest.InvalidManifestException if the first render fails; nothing is written then
   * @throws SecretException if a secret cannot be read, or watched; nothing is written then
   */
  public static Projection start(SecretResolver resolver, List<Consumer> consumers, SecretDirectory directory,
      ProjectionListener listener) {
    Objects.requireNonNull(listener, "listener");
    Projection projection = new Projection(new ProjectionRenderer(resolver), consumers, directory, listener);
    try {
      // Watch first, so that a change made while it starts is seen; a change seen before the first
      // render is in that render. No lock is held here: the watch thread holds its own while it tells.
      for (SecretRef ref : ProjectionRenderer.secretsOf(projection.consumers)) {
        if (ref.version().isEmpty()) {
          SecretWatch watch = resolver.watch(ref, projection.new Changes());
          synchronized (projection) {
            projection.watches.add(watch);
          }
        }
      }
      projection.renderFirst();
    } catch (RuntimeException e) {
      projection.close();
      throw e;
    }
    return projection;
  }

  private synchronized void renderFirst() {
    RenderedProjection first = renderer.render(consumers);
    if (directory != null) {
      try {
        directory.write(first.files(), SecretDirectory.ownerOf(consumers));
      } catch (RuntimeException e) {
        first.destroy();
        throw e;
      }
    }
    current = first;
  }

  /** Returns what was rendered last; it stays the caller's to read after later re-renders. */
  public synchronized RenderedProjection current() {
    return current;
  }

  /**
   * Renders again now, whatever the watches saw, and swaps in the result when it differs; returns
   * whether it did. The listener hears of watched changes only.
   *
   * @throws dev.secretkit.manifest.InvalidManifestException if the render fails; what was rendered last stays
   * @throws SecretException if a secret cannot be read
   */
  public boolean refresh() {
    return rerender(null);
  }

  private synchronized boolean rerender(SecretChange change) {
    if (closed || current == null) {
      return false;
    }
    RenderedProjection next = renderer.render(consumers);
    if (next.sameOutputAs(current)) {
      next.destroy();
      if (change != null && takenInByLastSwap(change) && told.add(change)) {
        tell(current, change);
      }
      return false;
    }
    if (directory != null && !next.files().equals(current.files())) {
      try {
        directory.write(next.files(), SecretDirectory.ownerOf(consumers));
      } catch (RuntimeException e) {
        next.destroy();
        throw e;
      }
    }
    beforeLastSwap = current.versions();
    told.clear();
    current = next;
    if (change != null) {
      told.add(change);
      tell(next, change);
    }
    return true;
  }

  /** Returns whether the last swap took in {@code change}: the version before it was older, the one after it not. */
  private boolean takenInByLastSwap(SecretChange change) {
    Long now = current.versions().get(change.id());
    Long before = beforeLastSwap.get(change.id());
    return now != null && now >= change.version() && (before == null || before < change.version());
  }

  private void tell(RenderedProjection rendered, SecretChange change) {
    try {
      listener.rendered(rendered, List.of(change));
    } catch (RuntimeException dropped) {
      // A listener's failure must not stop the projection; the listener contract says it is dropped.
      listenerThrew(listener, dropped);
    }
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

  private static void listenerThrew(ProjectionListener listener, RuntimeException dropped) {
    LOG.log(System.Logger.Level.WARNING, () -> "the ProjectionListener " + listener.getClass().getName() + " threw "
        + dropped.getClass().getName() + "; the projection goes on without it");
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
        rerender(change);
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
        listenerThrew(listener, dropped);
      }
    }
  }
}
