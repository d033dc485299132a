package dev.secretkit.projection;

import dev.secretkit.client.SecretChange;
import java.util.List;

/**
 * Hears what a {@link Projection} does after its first render: each re-render that changed the
 * output, and each failure to re-render. Called on the resolver's watch thread, one call at a
 * time; what it throws is dropped.
 */
public interface ProjectionListener {

  /**
   * Called after a change of a secret the projection uses changed what it renders, once the new
   * files (if any) are in place.
   *
   * @param projection the new result
   * @param changes the secrets and the names of their keys that changed, never values
   */
  void rendered(RenderedProjection projection, List<SecretChange> changes);

  /**
   * Called when a re-render or a look at a secret failed: the projection keeps what it rendered
   * last, files included, and tries again at the next change. Does nothing by default.
   */
  default void failed(RuntimeException error) {
  }
}
