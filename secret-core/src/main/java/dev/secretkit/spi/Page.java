package dev.secretkit.spi;

import dev.secretkit.SecretDataException;
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
  private final List<SecretDataException> unreadable;

  private Page(List<T> items, String nextPageToken, List<SecretDataException> unreadable) {
    this.items = List.copyOf(items);
    this.nextPageToken = nextPageToken;
    this.unreadable = List.copyOf(unreadable);
  }

  /**
   * Returns a page.
   *
   * @param items the items on this page, possibly none; copied
   * @param nextPageToken the token for the next page, or null on the last page
   * @param <T> the item type
   */
  public static <T> Page<T> of(List<T> items, String nextPageToken) {
    return new Page<>(items, nextPageToken, List.of());
  }

  /**
   * Returns a page of a listing that could not summarise every secret it found: each of
   * {@code unreadable} says which secret and why, and the secret is in no page's items.
   *
   * @param items the items on this page, possibly none; copied
   * @param nextPageToken the token for the next page, or null on the last page
   * @param unreadable the secrets on this page whose records cannot be read; copied
   * @param <T> the item type
   */
  public static <T> Page<T> of(List<T> items, String nextPageToken, List<SecretDataException> unreadable) {
    return new Page<>(items, nextPageToken, unreadable);
  }

  /** Returns the secrets this page found but could not read, each with why; none for most pages. */
  public List<SecretDataException> unreadable() {
    return unreadable;
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
    return other instanceof Page<?> that && items.equals(that.items) && Objects.equals(nextPageToken, that.nextPageToken)
        && unreadable.equals(that.unreadable);
  }

  @Override
  public int hashCode() {
    return Objects.hash(items, nextPageToken, unreadable);
  }

  @Override
  public String toString() {
    return "Page[" + items.size() + " items" + (unreadable.isEmpty() ? "" : ", " + unreadable.size() + " unreadable")
        + (nextPageToken == null ? "" : ", more") + "]";
  }
}
