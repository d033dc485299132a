package dev.secretkit.backend.gcp;

import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.DeleteSecretRequest;
import com.google.cloud.secretmanager.v1.GetSecretVersionRequest;
import com.google.cloud.secretmanager.v1.ListSecretsRequest;
import com.google.cloud.secretmanager.v1.ListSecretsResponse;
import com.google.cloud.secretmanager.v1.Secret;
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
import java.util.concurrent.TimeUnit;

/**
 * A channel to the emulator that makes it look like the independent implementations of the API that have neither
 * version aliases nor etags (the Go emulators on GitHub, for one): an {@code UpdateSecret} of {@code version_aliases}
 * or with an etag is carried out without them, a {@code Secret} comes back without aliases or etag, a version named
 * by an alias is not found, and {@code ListSecrets} ignores its filter.
 */
final class WithoutAliasesOrEtags extends ManagedChannel {
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
      ListSecretsResponse.Builder bare = list.toBuilder().clearSecrets();
      list.getSecretsList().forEach(secret -> bare.addSecrets(bare(secret)));
      return bare.build();
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
