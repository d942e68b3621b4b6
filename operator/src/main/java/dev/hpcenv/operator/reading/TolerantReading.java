package dev.hpcenv.operator.reading;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.util.Set;

/**
 * The Kubernetes client the operator reads its kinds with: the caller's configuration, with the
 * operator's four kinds read by {@link TolerantResourceDeserializer}.
 */
public final class TolerantReading {

    private static final Set<Class<?>> KINDS =
            Set.of(HpcJob.class, SlurmCluster.class, HpcEnvironment.class, ClusterHpcEnvironment.class);

    private TolerantReading() {}

    /** A new client with {@code base}'s configuration; the caller closes it. */
    public static KubernetesClient client(KubernetesClient base, UnreadableResources unreadable) {
        return new KubernetesClientBuilder()
                .withConfig(base.getConfiguration())
                // Two HTTP client implementations may be on the class path: name one, as OperatorMain does.
                .withHttpClientFactory(new VertxHttpClientFactory())
                .withKubernetesSerialization(serialization(unreadable))
                .build();
    }

    public static KubernetesSerialization serialization(UnreadableResources unreadable) {
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(new SimpleModule("hpcenv-tolerant-reading")
                .setDeserializerModifier(new BeanDeserializerModifier() {
                    @Override
                    public JsonDeserializer<?> modifyDeserializer(
                            DeserializationConfig config, BeanDescription bean, JsonDeserializer<?> deserializer) {
                        return KINDS.contains(bean.getBeanClass())
                                ? new TolerantResourceDeserializer(deserializer, bean.getBeanClass(), unreadable)
                                : deserializer;
                    }
                }));
        return new KubernetesSerialization(mapper, true);
    }
}
