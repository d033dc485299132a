package dev.secretkit.spi.support;

import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretId;

/**
 * Checks a {@link dev.secretkit.spi.SecretStore#list} or {@code listIds} call the way every store
 * must: a valid scope, a page size of at least 1, and a page token that is the last name or id the
 * store listed, refused with the same {@link IllegalArgumentException} when it is not. For stores
 * whose tokens are names or ids; a backend with its own tokens (AWS's {@code NextToken}) checks
 * only the scope and the size.
 */
public final class PageTokens {
  private static final String NOT_OURS = "page token did not come from this store";

  private PageTokens() {
  }

  /**
   * Checks a page size.
   *
   * @throws IllegalArgumentException if {@code pageSize} is less than 1
   */
  public static void checkSize(int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1");
    }
  }

  /**
   * Checks a {@code list} call of a store whose tokens are names: the scope, the page size and the
   * token, and returns the name the page starts after, or null for the first page.
   *
   * @throws dev.secretkit.InvalidReferenceException if {@code scope} is not a scope
   * @throws IllegalArgumentException if {@code pageSize} is less than 1, or {@code token} is not a
   *     secret name, so not one of this store's tokens
   */
  public static String checkList(String scope, String token, int pageSize) {
    SecretId.checkScope(scope);
    checkSize(pageSize);
    return nameAfter(token);
  }

  private static String nameAfter(String token) {
    if (token == null) {
      return null;
    }
    try {
      return SecretId.checkName(token);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(NOT_OURS, e);
    }
  }

  /**
   * Returns the id a {@code listIds} token names ({@code scope:name}), or null for the first page.
   *
   * @throws IllegalArgumentException if {@code token} is not an id, so not one of this store's tokens
   */
  public static SecretId idAfter(String token) {
    if (token == null) {
      return null;
    }
    try {
      return SecretId.of(token);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(NOT_OURS, e);
    }
  }

  /** Returns the exception for a token a backend rejected as not its own, keeping the backend's error as the cause. */
  public static IllegalArgumentException notOurs(Throwable cause) {
    return new IllegalArgumentException(NOT_OURS, cause);
  }
}
