package dev.secretkit.backend.gcp;

import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.DeleteSecretRequest;
import com.google.cloud.secretmanager.v1.GetSecretVersionRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsResponse;
import com.google.cloud.secretmanager.v1.ListSecretsRequest;
import com.google.cloud.secretmanager.v1.ListSecretsResponse;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import com.google.protobuf.FieldMask;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A channel to the emulator that makes it look like the independent implementations of the API, the Go emulators on
 * GitHub (blackwell-systems/gcp-secret-manager-emulator and its fork), as their code behaves: an {@code UpdateSecret}
 * of {@code version_aliases} or with an etag is carried out without them, a {@code Secret} comes back without aliases
 * or etag, a version named by an alias is not found, {@code ListSecrets} ignores its filter, secrets and versions are
 * listed in no particular order, and {@code AccessSecretVersion} returns no {@code data_crc32c}. (Their
 * {@code latest}, the highest enabled version, is not modelled: the store never reads {@code latest}.)
 */
final class WithoutAliasesOrEtags extends ManagedChannel {
  /** The order of lists: shuffled, the same in every run. */
  private static final Random ORDER = new Random(7);

  private final ManagedChannel delegate;
  private final Channel intercepted;

  WithoutAliasesOrEtags(ManagedChannel delegate) {
    this.delegate = delegate;
    this.intercepted = ClientInterceptors.intercept(delegate, new Rewriter());
  }

  @Override
  public <Q, A> ClientCall<Q, A> newCall(MethodDescriptor<Q, A> method, CallOptions options) {
    return intercepted.newCall(method, options);
  }

  @Override
  public String authority() {
    return delegate.authority();
  }

  @Override
  public ManagedChannel shutdown() {
    delegate.shutdown();
    return this;
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public ManagedChannel shutdownNow() {
    delegate.shutdownNow();
    return this;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  private static Object rewriteRequest(Object message) {
    if (message instanceof UpdateSecretRequest update) {
      FieldMask.Builder mask = FieldMask.newBuilder();
      update.getUpdateMask().getPathsList().stream().filter(path -> !path.equals("version_aliases"))
          .forEach(mask::addPaths);
      return update.toBuilder().setUpdateMask(mask).setSecret(bare(update.getSecret())).build();
    }
    if (message instanceof AccessSecretVersionRequest access) {
      return access.toBuilder().setName(numbered(access.getName())).build();
    }
    if (message instanceof GetSecretVersionRequest get) {
      return get.toBuilder().setName(numbered(get.getName())).build();
    }
    if (message instanceof DeleteSecretRequest delete) {
      return delete.toBuilder().clearEtag().build();
    }
    if (message instanceof ListSecretsRequest list) {
      return list.toBuilder().clearFilter().build();
    }
    return message;
  }

  private static Object rewriteResponse(Object message) {
    if (message instanceof Secret secret) {
      return bare(secret);
    }
    if (message instanceof ListSecretsResponse list) {
      List<Secret> secrets = new ArrayList<>();
      list.getSecretsList().forEach(secret -> secrets.add(bare(secret)));
      Collections.shuffle(secrets, ORDER);
      return list.toBuilder().clearSecrets().addAllSecrets(secrets).build();
    }
    if (message instanceof ListSecretVersionsResponse list) {
      List<SecretVersion> versions = new ArrayList<>(list.getVersionsList());
      Collections.shuffle(versions, ORDER);
      return list.toBuilder().clearVersions().addAllVersions(versions).build();
    }
    if (message instanceof AccessSecretVersionResponse access) {
      return access.toBuilder().setPayload(access.getPayload().toBuilder().clearDataCrc32C()).build();
    }
    return message;
  }

  private static Secret bare(Secret secret) {
    return secret.toBuilder().clearVersionAliases().clearEtag().build();
  }

  /** Returns a version name that is not found in place of one that names an alias. */
  private static String numbered(String name) {
    String version = name.substring(name.lastIndexOf('/') + 1);
    return version.equals("latest") || version.matches("[0-9]+") ? name
        : name.substring(0, name.lastIndexOf('/') + 1) + "999999999";
  }

  private static final class Rewriter implements ClientInterceptor {
    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        @SuppressWarnings("unchecked")
        public void sendMessage(Q message) {
          super.sendMessage((Q) rewriteRequest(message));
        }

        @Override
        public void start(Listener<A> listener, Metadata headers) {
          super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
            @Override
            @SuppressWarnings("unchecked")
            public void onMessage(A message) {
              super.onMessage((A) rewriteResponse(message));
            }
          }, headers);
        }
      };
    }
  }
}
