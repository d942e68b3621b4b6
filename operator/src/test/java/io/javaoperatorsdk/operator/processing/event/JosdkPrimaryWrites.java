package io.javaoperatorsdk.operator.processing.event;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.function.Predicate;

/**
 * The requests java-operator-sdk sends for a primary resource with server-side apply off, as the
 * operator configures it ({@code withUseSSAToPatchPrimaryResource(false)}): through JOSDK's own
 * {@link ReconciliationDispatcher.CustomResourceFacade}, which is package-private, hence this class in
 * JOSDK's package (test scope only). A test that compares what two API servers make of the
 * operator's writes must send exactly these requests, not a re-implementation of them.
 */
public final class JosdkPrimaryWrites<R extends HasMetadata> {

    /** Attempts of a finalizer write after a 409 or 422, as ReconciliationDispatcher.conflictRetryingPatch. */
    private static final int MAX_ATTEMPTS = 10;

    private final ReconciliationDispatcher.CustomResourceFacade<R> facade;
    private final Cloner cloner;
    private final String finalizer;

    public JosdkPrimaryWrites(KubernetesClient client, Class<R> type, String controllerName) {
        ConfigurationService service = ConfigurationService.newOverriddenConfigurationService(
                o -> o.withKubernetesClient(client).withUseSSAToPatchPrimaryResource(false));
        this.cloner = service.getResourceCloner();
        this.finalizer = ReconcilerUtils.getDefaultFinalizerName(type);
        this.facade = new ReconciliationDispatcher.CustomResourceFacade<>(
                client.resources(type), configuration(service, controllerName), cloner);
    }

    /** The finalizer JOSDK manages for a {@code Cleaner} of this kind (the default name). */
    public String finalizer() {
        return finalizer;
    }

    /** {@code UpdateControl.patchStatus} and {@code ErrorStatusUpdateControl.patchStatus}. */
    public R patchStatus(R updated, R original) {
        return facade.patchStatus(updated, original);
    }

    /** {@code UpdateControl.patchResourceAndStatus}: the resource, then its status (reconcileExecution). */
    public R patchResourceAndStatus(R updated, R original) {
        R patched = facade.patchResource(updated, original);
        updated.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
        return facade.patchStatus(updated, original);
    }

    /** The finalizer JOSDK adds before the first reconcile of a {@code Cleaner}'s resource. */
    public R addFinalizer(R resource) {
        return conflictRetrying(resource, r -> r.addFinalizer(finalizer));
    }

    /** The finalizer JOSDK removes once {@code cleanup} returned {@code DeleteControl.defaultDelete()}. */
    public R removeFinalizer(R resource) {
        return conflictRetrying(resource, r -> r.removeFinalizer(finalizer));
    }

    /** ReconciliationDispatcher.conflictRetryingPatch without SSA: re-read and retry on 409 and 422. */
    private R conflictRetrying(R resource, Predicate<R> change) {
        R original = resource;
        for (int attempt = 1; ; attempt++) {
            R modified = cloner.clone(original);
            if (!change.test(modified)) {
                return original;
            }
            try {
                return facade.patchResourceWithoutSSA(modified, original);
            } catch (KubernetesClientException e) {
                if ((e.getCode() != 409 && e.getCode() != 422) || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                original = facade.getResource(
                        resource.getMetadata().getNamespace(),
                        resource.getMetadata().getName());
                if (original == null) {
                    throw e;
                }
            }
        }
    }

    /** The two things the facade asks its controller's configuration; JOSDK's defaults otherwise. */
    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata> ControllerConfiguration<R> configuration(
            ConfigurationService service, String controllerName) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "getConfigurationService" -> service;
            case "getName", "fieldManager" -> controllerName;
            case "toString" -> "ControllerConfiguration(" + controllerName + ")";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> {
                if (method.isDefault()) {
                    yield InvocationHandler.invokeDefault(proxy, method, args);
                }
                throw new UnsupportedOperationException(method.getName() + " (not asked by CustomResourceFacade)");
            }
        };
        return (ControllerConfiguration<R>) Proxy.newProxyInstance(
                JosdkPrimaryWrites.class.getClassLoader(), new Class<?>[] {ControllerConfiguration.class}, handler);
    }
}
