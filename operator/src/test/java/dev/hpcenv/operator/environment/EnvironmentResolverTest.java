package dev.hpcenv.operator.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.operator.testing.MapLookups;
import dev.hpcenv.operator.testing.Resources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentResolverTest {

    private final MapLookups lookups = new MapLookups();
    private final EnvironmentResolver resolver = new EnvironmentResolver(lookups);

    @Test
    void looksInTheNamespaceBeforeClusterScopeAndMergesBasesFirst() {
        // Given
        lookups.add(Resources.clusterEnvironment("site", s -> {
            s.setImage("site/base:1");
            s.getEnv().put("SITE", "cluster");
        }));
        lookups.add(Resources.environment("team-a", "site", s -> {
            s.setImage("team/base:1");
            s.getEnv().put("SITE", "namespace");
        }));
        lookups.add(Resources.clusterEnvironment("mpi", s -> s.getAnnotations().put("com.hooks.mpi.enabled", "true")));
        // When
        BaseResolution r = resolver.resolve(EnvironmentSource.namespaced(
                "team-a", "app", spec(List.of("site", "mpi"), s -> s.getEnv().put("APP", "1"))));
        // Then
        assertThat(r).isInstanceOfSatisfying(BaseResolution.Resolved.class, ok -> {
            assertThat(ok.environment().getImage()).isEqualTo("team/base:1");
            assertThat(ok.environment().getEnv())
                    .containsEntry("SITE", "namespace")
                    .containsEntry("APP", "1");
            assertThat(ok.environment().getAnnotations()).containsEntry("com.hooks.mpi.enabled", "true");
            assertThat(ok.environment().getBases())
                    .containsExactly(
                            "HpcEnvironment team-a/site", "ClusterHpcEnvironment mpi", "HpcEnvironment team-a/app");
            assertThat(ok.digest()).startsWith("sha256:");
        });
    }

    @Test
    void aSiteLayerGoesBeneathEveryLayerOfTheJobsEnvironmentAndOnlyOnce() {
        // Given: the site layer has a base of its own; the user's environment also names the site layer
        lookups.add(Resources.clusterEnvironment("net", s -> s.getEnv().put("FI_PROVIDER", "cxi")));
        lookups.add(Resources.clusterEnvironment("site-mpi", s -> {
            s.setBaseEnvironments(List.of("net"));
            s.getEnv().put("MPICH_GPU_SUPPORT_ENABLED", "1");
            s.getEnv().put("UCX_TLS", "rc");
        }));
        lookups.add(Resources.environment("team-a", "tools", s -> s.getEnv().put("UCX_TLS", "tcp")));
        EnvironmentSource site = EnvironmentSource.clusterScoped(
                "site-mpi", lookups.clusterScoped("site-mpi").orElseThrow().getSpec());
        // When
        BaseResolution r = resolver.resolve(
                EnvironmentSource.namespaced(
                        "team-a", "app", spec(List.of("tools", "site-mpi"), s -> s.setImage("app:1"))),
                site);
        // Then
        assertThat(r).isInstanceOfSatisfying(BaseResolution.Resolved.class, ok -> {
            assertThat(ok.environment().getBases())
                    .containsExactly(
                            "ClusterHpcEnvironment net",
                            "ClusterHpcEnvironment site-mpi",
                            "HpcEnvironment team-a/tools",
                            "HpcEnvironment team-a/app");
            assertThat(ok.environment().getEnv())
                    .containsEntry("FI_PROVIDER", "cxi")
                    .containsEntry("MPICH_GPU_SUPPORT_ENABLED", "1")
                    .containsEntry("UCX_TLS", "tcp");
        });
    }

    @Test
    void aClusterEnvironmentSeesOnlyClusterBases() {
        // Given
        lookups.add(Resources.environment("team-a", "site", s -> s.setImage("team/base:1")));
        // When
        BaseResolution r = resolver.resolve(EnvironmentSource.clusterScoped("top", spec(List.of("site"), s -> {})));
        // Then
        assertThat(r)
                .isInstanceOfSatisfying(
                        BaseResolution.Failed.class, f -> assertThat(f.reason()).isEqualTo("BaseNotFound"));
    }

    @Test
    void aMissingBaseNamesTheFieldAndTheName() {
        // When
        BaseResolution r =
                resolver.resolve(EnvironmentSource.namespaced("team-a", "app", spec(List.of("nope"), s -> {})));
        // Then
        assertThat(r).isInstanceOfSatisfying(BaseResolution.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("BaseNotFound");
            assertThat(f.message()).contains("spec.baseEnvironments[0] 'nope'").contains("team-a");
        });
    }

    @Test
    void aCycleIsReportedWithItsPath() {
        // Given
        lookups.add(Resources.environment("team-a", "a", s -> s.setBaseEnvironments(new ArrayList<>(List.of("b")))));
        lookups.add(Resources.environment("team-a", "b", s -> s.setBaseEnvironments(new ArrayList<>(List.of("a")))));
        // When
        BaseResolution r = resolver.resolve(EnvironmentSource.namespaced("team-a", "a", spec(List.of("b"), s -> {})));
        // Then
        assertThat(r).isInstanceOfSatisfying(BaseResolution.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("BaseCycle");
            assertThat(f.message())
                    .contains("HpcEnvironment team-a/a -> HpcEnvironment team-a/b -> HpcEnvironment team-a/a");
        });
    }

    @Test
    void moreThanTenLevelsIsTooDeep() {
        // Given
        for (int i = 0; i < 11; i++) {
            int next = i + 1;
            lookups.add(Resources.environment(
                    "team-a",
                    "l" + i,
                    s -> s.setBaseEnvironments(new ArrayList<>(next <= 11 ? List.of("l" + next) : List.of()))));
        }
        lookups.add(Resources.environment("team-a", "l11", s -> s.setImage("x:1")));
        // When
        BaseResolution r =
                resolver.resolve(EnvironmentSource.namespaced("team-a", "top", spec(List.of("l0"), s -> {})));
        // Then
        assertThat(r)
                .isInstanceOfSatisfying(
                        BaseResolution.Failed.class, f -> assertThat(f.reason()).isEqualTo("TooDeep"));
    }

    @Test
    void anInvalidMergedEnvironmentIsInvalid() {
        // When
        BaseResolution r = resolver.resolve(EnvironmentSource.namespaced(
                "team-a", "app", spec(List.of(), s -> s.setImage("not a valid::image ref"))));
        // Then
        assertThat(r).isInstanceOfSatisfying(BaseResolution.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("Invalid");
            assertThat(f.message()).contains("HpcEnvironment team-a/app");
        });
    }

    private static EnvironmentSpec spec(List<String> bases, java.util.function.Consumer<EnvironmentSpec> mutator) {
        EnvironmentSpec spec = new EnvironmentSpec();
        spec.setBaseEnvironments(new ArrayList<>(bases));
        mutator.accept(spec);
        return spec;
    }
}
