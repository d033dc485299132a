package dev.secretkit.emulator.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The Kubernetes service accounts the emulator's Kubernetes auth trusts, and the JWTs it minted for them:
 * what the TokenReview API would confirm. A JWT not minted here is refused, as Kubernetes would refuse it.
 */
final class ServiceAccounts {
  /** A service account: its namespace, name and uid. */
  record Account(String namespace, String name, String uid) {
  }

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final Map<String, Account> byJwt = new HashMap<>();
  private final Map<String, Account> byName = new HashMap<>();

  /**
   * Returns a new JWT for the service account {@code name} in {@code namespace}, shaped and claimed like a
   * Kubernetes service account token but signed by nobody.
   */
  String mint(String namespace, String name) {
    Account account = byName.computeIfAbsent(namespace + "/" + name,
        key -> new Account(namespace, name, UUID.randomUUID().toString()));
    ObjectNode header = Wire.NODES.objectNode().put("alg", "RS256").put("kid", "vault-emulator");
    ObjectNode claims = Wire.NODES.objectNode();
    claims.put("iss", "kubernetes/serviceaccount");
    claims.put("kubernetes.io/serviceaccount/namespace", namespace);
    claims.put("kubernetes.io/serviceaccount/secret.name", "");
    claims.put("kubernetes.io/serviceaccount/service-account.name", name);
    claims.put("kubernetes.io/serviceaccount/service-account.uid", account.uid());
    claims.put("sub", "system:serviceaccount:" + namespace + ":" + name);
    String jwt = encode(header) + "." + encode(claims) + "."
        + BASE64URL.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    byJwt.put(jwt, account);
    return jwt;
  }

  /** Returns the account {@code jwt} was minted for, or null if the emulator never minted it. */
  Account review(String jwt) {
    return byJwt.get(jwt);
  }

  private static String encode(ObjectNode json) {
    try {
      return BASE64URL.encodeToString(Wire.JSON.writeValueAsBytes(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JWT part", e);
    }
  }
}
