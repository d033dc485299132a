package dev.secretkit.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing, and the token that fetches the next one. Made with {@link #of};
 * immutable, and able to grow without breaking stores built against it.
 *
 * @param <T> the item type
 */
public final class Page<T> {
  private final List<T> items;
  private final String nextPageToken;

  private Page(List<T> items, String nextPageToken) {
    this.items = List.copyOf(items);
    this.nextPageToken = nextPageToken;
  }

  /**
   * Returns a page.
   *
   * @param items the items on this page, possibly none; copied
   * @param nextPageToken the token for the next page, or null on the last page
   * @param <T> the item type
   */
  public static <T> Page<T> of(List<T> items, String nextPageToken) {
    return new Page<>(items, nextPageToken);
  }

  /** Returns the items on this page, possibly none. */
  public List<T> items() {
    return items;
  }

  /** Returns the token for the next page, or null on the last page. */
  public String nextPageToken() {
    return nextPageToken;
  }

  /** Returns the token for the next page, or empty on the last page. */
  public Optional<String> next() {
    return Optional.ofNullable(nextPageToken);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Page<?> that && items.equals(that.items) && Objects.equals(nextPageToken, that.nextPageToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(items, nextPageToken);
  }

  @Override
  public String toString() {
    return "Page[" + items.size() + " items" + (nextPageToken == null ? "" : ", more") + "]";
  }
}
