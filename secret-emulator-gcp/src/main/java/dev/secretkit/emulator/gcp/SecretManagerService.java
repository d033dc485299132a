package dev.secretkit.emulator.gcp;

import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.CreateSecretRequest;
import com.google.cloud.secretmanager.v1.DeleteSecretRequest;
import com.google.cloud.secretmanager.v1.DestroySecretVersionRequest;
import com.google.cloud.secretmanager.v1.DisableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.EnableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.GetSecretRequest;
import com.google.cloud.secretmanager.v1.GetSecretVersionRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsResponse;
import com.google.cloud.secretmanager.v1.ListSecretsRequest;
import com.google.cloud.secretmanager.v1.ListSecretsResponse;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.iam.v1.TestIamPermissionsResponse;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import dev.secretkit.emulator.support.CallFault;
import dev.secretkit.emulator.support.FaultSwitches;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code google.cloud.secretmanager.v1.SecretManagerService} definition the emulator serves, built by hand from
 * the request and response messages of {@code proto-google-cloud-secretmanager-v1} (no generated stub), and the path
 * every call takes: counted, hooked and faulted through the {@link FaultSwitches}, then this emulator's own
 * {@link Faults}, then carried out on the {@link SecretManagerState}, then answered or lost.
 */
final class SecretManagerService {
  static final String SERVICE_NAME = "google.cloud.secretmanager.v1.SecretManagerService";
  private static final Pattern PROJECT = Pattern.compile("^projects/([^/]+)");

  private final SecretManagerState state;
  private final FaultSwitches<GcpOperation, GcpRequest> switches;
  private final Faults faults;

  SecretManagerService(SecretManagerState state, FaultSwitches<GcpOperation, GcpRequest> switches, Faults faults) {
    this.state = state;
    this.switches = switches;
    this.faults = faults;
  }

  ServerServiceDefinition definition() {
    ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(SERVICE_NAME);
    add(service, GcpOperation.LIST_SECRETS, ListSecretsRequest.getDefaultInstance(),
        ListSecretsResponse.getDefaultInstance(), ListSecretsRequest::getParent, state::listSecrets);
    add(service, GcpOperation.CREATE_SECRET, CreateSecretRequest.getDefaultInstance(), Secret.getDefaultInstance(),
        CreateSecretRequest::getParent, state::createSecret);
    add(service, GcpOperation.ADD_SECRET_VERSION, AddSecretVersionRequest.getDefaultInstance(),
        SecretVersion.getDefaultInstance(), AddSecretVersionRequest::getParent, state::addSecretVersion);
    add(service, GcpOperation.GET_SECRET, GetSecretRequest.getDefaultInstance(), Secret.getDefaultInstance(),
        GetSecretRequest::getName, state::getSecret);
    add(service, GcpOperation.UPDATE_SECRET, UpdateSecretRequest.getDefaultInstance(), Secret.getDefaultInstance(),
        request -> request.getSecret().getName(), state::updateSecret);
    add(service, GcpOperation.DELETE_SECRET, DeleteSecretRequest.getDefaultInstance(), Empty.getDefaultInstance(),
        DeleteSecretRequest::getName, state::deleteSecret);
    add(service, GcpOperation.LIST_SECRET_VERSIONS, ListSecretVersionsRequest.getDefaultInstance(),
        ListSecretVersionsResponse.getDefaultInstance(), ListSecretVersionsRequest::getParent,
        state::listSecretVersions);
    add(service, GcpOperation.GET_SECRET_VERSION, GetSecretVersionRequest.getDefaultInstance(),
        SecretVersion.getDefaultInstance(), GetSecretVersionRequest::getName, state::getSecretVersion);
    add(service, GcpOperation.ACCESS_SECRET_VERSION, AccessSecretVersionRequest.getDefaultInstance(),
        AccessSecretVersionResponse.getDefaultInstance(), AccessSecretVersionRequest::getName,
        state::accessSecretVersion);
    add(service, GcpOperation.DISABLE_SECRET_VERSION, DisableSecretVersionRequest.getDefaultInstance(),
        SecretVersion.getDefaultInstance(), DisableSecretVersionRequest::getName, state::disableSecretVersion);
    add(service, GcpOperation.ENABLE_SECRET_VERSION, EnableSecretVersionRequest.getDefaultInstance(),
        SecretVersion.getDefaultInstance(), EnableSecretVersionRequest::getName, state::enableSecretVersion);
    add(service, GcpOperation.DESTROY_SECRET_VERSION, DestroySecretVersionRequest.getDefaultInstance(),
        SecretVersion.getDefaultInstance(), DestroySecretVersionRequest::getName, state::destroySecretVersion);
    add(service, GcpOperation.SET_IAM_POLICY, SetIamPolicyRequest.getDefaultInstance(), Policy.getDefaultInstance(),
        SetIamPolicyRequest::getResource, request -> unimplemented(GcpOperation.SET_IAM_POLICY));
    add(service, GcpOperation.GET_IAM_POLICY, GetIamPolicyRequest.getDefaultInstance(), Policy.getDefaultInstance(),
        GetIamPolicyRequest::getResource, request -> unimplemented(GcpOperation.GET_IAM_POLICY));
    add(service, GcpOperation.TEST_IAM_PERMISSIONS, TestIamPermissionsRequest.getDefaultInstance(),
        TestIamPermissionsResponse.getDefaultInstance(), TestIamPermissionsRequest::getResource,
        request -> unimplemented(GcpOperation.TEST_IAM_PERMISSIONS));
    return service.build();
  }

  private <Q extends Message, R extends Message> void add(ServerServiceDefinition.Builder service,
      GcpOperation operation, Q request, R response, Function<Q, String> resource, Function<Q, R> handler) {
    MethodDescriptor<Q, R> method = MethodDescriptor.<Q, R>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, operation.rpcName()))
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .build();
    service.addMethod(method, ServerCalls.asyncUnaryCall(
        (Q call, StreamObserver<R> observer) -> serve(operation, call, resource.apply(call), handler, observer)));
  }

  private <Q extends Message, R extends Message> void serve(GcpOperation operation, Q request, String resource,
      Function<Q, R> handler, StreamObserver<R> observer) {
    R response;
    try {
      response = call(operation, request, resource, handler);
    } catch (StatusRuntimeException error) {
      observer.onError(error);
      return;
    } catch (RuntimeException bug) {
      observer.onError(Status.INTERNAL.withDescription("The SecretKit emulator failed: " + bug).withCause(bug)
          .asRuntimeException());
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  private <Q extends Message, R extends Message> R call(GcpOperation operation, Q request, String resource,
      Function<Q, R> handler) {
    CallFault callFault;
    try {
      callFault = switches.begin(operation, new GcpRequest(operation, resource, request));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("The emulator was interrupted while it waited out latency.")
          .asRuntimeException();
    }
    if (callFault == CallFault.ERROR_BEFORE) {
      throw failure(GcpSecretManagerEmulator.Failure.UNAVAILABLE, operation, resource);
    }
    if (callFault == CallFault.THROTTLE_BEFORE) {
      throw failure(GcpSecretManagerEmulator.Failure.RESOURCE_EXHAUSTED, operation, resource);
    }
    GcpSecretManagerEmulator.Failure failure = faults.takeFailure(operation);
    if (failure != null) {
      throw failure(failure, operation, resource);
    }
    if (faults.isDenied(operation)) {
      throw failure(GcpSecretManagerEmulator.Failure.PERMISSION_DENIED, operation, resource);
    }
    R response = handler.apply(request);
    if (callFault == CallFault.DROP_AFTER || switches.takeLostResponse(operation)) {
      throw failure(GcpSecretManagerEmulator.Failure.DEADLINE_EXCEEDED, operation, resource);
    }
    if (callFault == CallFault.ERROR_AFTER) {
      throw failure(GcpSecretManagerEmulator.Failure.UNAVAILABLE, operation, resource);
    }
    return response;
  }

  /** Returns {@code failure}'s answer to a call of {@code operation} on {@code resource}, in Google's wording. */
  private StatusRuntimeException failure(GcpSecretManagerEmulator.Failure failure, GcpOperation operation,
      String resource) {
    Status status = switch (failure) {
      case UNAVAILABLE -> Status.UNAVAILABLE.withDescription("The service is currently unavailable.");
      case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED.withDescription(quotaExceeded(operation, resource));
      case INTERNAL -> Status.INTERNAL.withDescription("Internal error encountered.");
      case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED.withDescription(
          "Deadline expired before operation could complete.");
      case UNAUTHENTICATED -> Status.UNAUTHENTICATED.withDescription("Request had invalid authentication "
          + "credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See "
          + "https://developers.google.com/identity/sign-in/web/devconsole-project.");
      case PERMISSION_DENIED -> Status.PERMISSION_DENIED.withDescription(operation.permission().isEmpty()
          ? "The caller does not have permission"
          : "Permission '" + operation.permission() + "' denied for resource '" + resource
              + "' (or it may not exist).");
    };
    return status.asRuntimeException();
  }

  /** The quota Secret Manager counts a call against: access, read (other non-mutating calls) or write. */
  private String quotaExceeded(GcpOperation operation, String resource) {
    String metric = switch (operation) {
      case ACCESS_SECRET_VERSION -> "Access requests";
      case GET_SECRET, LIST_SECRETS, GET_SECRET_VERSION, LIST_SECRET_VERSIONS, GET_IAM_POLICY, TEST_IAM_PERMISSIONS ->
          "Read requests";
      default -> "Write requests";
    };
    Matcher project = PROJECT.matcher(resource);
    String consumer = project.find()
        ? " for consumer 'project_number:" + state.projectNumber(project.group(1)) + "'" : "";
    return "Quota exceeded for quota metric '" + metric + "' and limit '" + metric + " per minute per project' of "
        + "service 'secretmanager.googleapis.com'" + consumer + ".";
  }

  private static <R> R unimplemented(GcpOperation operation) {
    throw Errors.unimplemented("Method " + SERVICE_NAME + "/" + operation.rpcName() + " is not implemented by the "
        + "SecretKit emulator, which does not emulate IAM policies.");
  }
}
