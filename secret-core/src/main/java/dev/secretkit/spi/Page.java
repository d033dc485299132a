package dev.secretkit.spi;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, and the token that fetches the next one.
 *
 * @param items the items on this page, possibly none
 * @param nextPageToken the token for the next page, or null on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, String nextPageToken) {

  /** Copies the items. */
  public Page {
    items = List.copyOf(items);
  }

  /** Returns the token for the next page, or empty on the last page. */
  public Optional<String> next() {
    return Optional.ofNullable(nextPageToken);
  }
}
