package dev.secretkit.emulator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One page of a listing and the opaque token for the next one. A token carries the offset and a
 * fingerprint of the request it came from, so a forged token, or one replayed against a different
 * query, fails with InvalidNextTokenException as a token AWS did not issue does.
 */
record Page<T>(List<T> items, Optional<String> nextToken) {

  static <T> Page<T> of(List<T> all, int maxResults, JsonNode request) {
    String fingerprint = fingerprint(request);
    int offset = offset(request.path("NextToken").asText(null), fingerprint);
    int end = Math.min(all.size(), offset + maxResults);
    List<T> items = all.subList(Math.min(offset, all.size()), end);
    Optional<String> next = end < all.size()
        ? Optional.of(Base64.getUrlEncoder().withoutPadding()
            .encodeToString((end + ":" + fingerprint).getBytes(StandardCharsets.UTF_8)))
        : Optional.empty();
    return new Page<>(List.copyOf(items), next);
  }

  private static int offset(String token, String fingerprint) {
    if (token == null) {
      return 0;
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
          .split(":", 2);
      if (parts.length == 2 && parts[1].equals(fingerprint)) {
        int offset = Integer.parseInt(parts[0]);
        if (offset > 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException malformed) {
      // Falls through to the error below, as any other token this emulator did not issue.
    }
    throw ServiceError.client(ServiceError.INVALID_NEXT_TOKEN, "The NextToken value is invalid.");
  }

  /** The request without its paging fields, hashed: a query's identity across its pages. */
  private static String fingerprint(JsonNode request) {
    ObjectNode query = request.deepCopy();
    query.remove(List.of("NextToken", "MaxResults"));
    return Integer.toHexString(query.toString().hashCode());
  }
}
