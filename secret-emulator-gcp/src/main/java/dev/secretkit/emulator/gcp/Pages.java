package dev.secretkit.emulator.gcp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Pages a list that is sorted by a descending key (creation order for secrets, version number for versions). A
 * page token holds the key of the last item handed out, so paging stays consistent while items are added or
 * removed: a later page starts after that item wherever it now is, and never repeats or skips one that stayed.
 */
final class Pages {
  /** "If the number is greater than 25000, it is capped at 25000." */
  static final int MAX_PAGE_SIZE = 25_000;
  /**
   * The page size when a request asks for none (0, "the server decides"); the real service's choice is not
   * documented, so the emulator takes the cap.
   */
  static final int DEFAULT_PAGE_SIZE = MAX_PAGE_SIZE;
  private static final String PREFIX = "after:";

  /** One page, and the token of the next one, or {@code ""} when this is the last. */
  record Page<T>(List<T> items, String nextPageToken) {
  }

  private Pages() {
  }

  /**
   * Returns the page of {@code descending} that {@code pageToken} starts (the first page for {@code ""}), at most
   * {@code pageSize} items (0 for the default).
   *
   * @throws io.grpc.StatusRuntimeException {@code INVALID_ARGUMENT} for a negative size or a token this emulator did
   *     not make
   */
  static <T> Page<T> page(List<T> descending, ToLongFunction<T> key, int pageSize, String pageToken) {
    if (pageSize < 0) {
      throw Errors.invalid("page_size must not be negative: " + pageSize + ".");
    }
    int size = pageSize == 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
    int start = 0;
    if (!pageToken.isEmpty()) {
      long after = decode(pageToken);
      while (start < descending.size() && key.applyAsLong(descending.get(start)) >= after) {
        start++;
      }
    }
    int end = Math.min(descending.size(), start + size);
    String next = end < descending.size() ? encode(key.applyAsLong(descending.get(end - 1))) : "";
    return new Page<>(List.copyOf(descending.subList(start, end)), next);
  }

  private static String encode(long key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
  }

  private static long decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(PREFIX)) {
        return Long.parseLong(text.substring(PREFIX.length()));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal: not base64, or not a number
    }
    throw Errors.invalid("Invalid page_token '" + token + "': pass the next_page_token of the previous page.");
  }
}
