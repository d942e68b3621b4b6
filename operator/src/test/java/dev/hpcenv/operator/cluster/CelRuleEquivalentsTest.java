package dev.hpcenv.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.ClusterDefaults;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.JobResources;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.job.JobSpecValidator;
import dev.hpcenv.operator.status.DesiredCondition;
import dev.hpcenv.operator.testing.Resources;
import io.fabric8.generator.annotation.ValidationRule;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CEL rule of the CRDs has a check of the operator's own that refuses what the rule refuses,
 * so that the operator is safe behind an API server that evaluates no CEL (the embedded one, an old
 * one, a rule added after the object was stored). The rules are found in the model by reflection:
 * a new rule without a row here fails {@link #everyRuleOfTheModelHasARow}.
 */
class CelRuleEquivalentsTest {

    /** Where the rule sits (Class or Class.field) and its expression -> a violating object's refusal. */
    private static final Map<String, Supplier<String>> TABLE = merged(
            Map.of(
                    "Condition.status: self in ['True', 'False', 'Unknown']",
                    // Conditions are written by the operator only, and it cannot make one with another status.
                    () -> refusalOf(
                            () -> new DesiredCondition(dev.hpcenv.crd.common.ConditionType.READY, "Maybe", "R", "m")),
                    "ClusterDefaults.timeLimit: " + dev.hpcenv.crd.CrdPatterns.NOT_ZERO_DURATION_RULE,
                    () -> first(ClusterSpecValidator.problems(cluster(c -> {
                                ClusterDefaults d = new ClusterDefaults();
                                d.setTimeLimit("0h0m");
                                c.getSpec().setDefaults(d);
                            })
                            .getSpec())),
                    "UserMapping.user: self != 'root'",
                    () -> first(ClusterSpecValidator.deniedMappings(
                            cluster(c -> c.getSpec()
                                            .getUserMappings()
                                            .set(0, new UserMapping(Resources.NAMESPACE, "root", null)))
                                    .getSpec(),
                            DeniedUsers.DEFAULT)),
                    "JobResources.timeLimit: " + dev.hpcenv.crd.CrdPatterns.NOT_ZERO_DURATION_RULE,
                    () -> first(JobSpecValidator.problems(Resources.job("j", s -> {
                                JobResources r = new JobResources();
                                r.setTimeLimit("0s");
                                s.setResources(r);
                            })
                            .getSpec())),
                    "SlurmAuth: has(self.jwtKeySecretRef) != has(self.tokenSecretRef)",
                    () -> first(ClusterSpecValidator.problems(
                            cluster(c -> c.getSpec().getAuth().setJwtKeySecretRef(null))
                                    .getSpec())),
                    "SlurmAuth: !has(self.jwtLifespanSeconds) || has(self.jwtKeySecretRef)",
                    () -> first(ClusterSpecValidator.problems(cluster(c -> {
                                c.getSpec()
                                        .getAuth()
                                        .setTokenSecretRef(c.getSpec().getAuth().getJwtKeySecretRef());
                                c.getSpec().getAuth().setJwtKeySecretRef(null);
                                c.getSpec().getAuth().setJwtLifespanSeconds(600);
                            })
                            .getSpec())),
                    "HpcJobSpec: has(self.environmentRef) != has(self.environment)",
                    () -> first(
                            JobSpecValidator.problems(Resources.job("j", s -> s.setEnvironment(new EnvironmentSpec()))
                                    .getSpec()))),
            Map.of(
                    "HpcJobSpec.array: !self.matches('%0+$')",
                    () -> first(JobSpecValidator.problems(
                            Resources.job("j", s -> s.setArray("0-9%0")).getSpec())),
                    "HpcJobSpec.array: self.split('%')[0].split(',').all(r, !r.contains('-') || "
                            + "int(r.split(':')[0].split('-')[0]) <= int(r.split(':')[0].split('-')[1]))",
                    () -> first(JobSpecValidator.problems(
                            Resources.job("j", s -> s.setArray("9-3")).getSpec())),
                    "HpcJobSpec.array: self.split('%')[0].split(',').all(r, !r.contains(':') || int(r.split(':')[1]) >= 1)",
                    () -> first(JobSpecValidator.problems(
                            Resources.job("j", s -> s.setArray("0-15:0")).getSpec())),
                    "HpcJobSpec.dependsOn: self.all(d, self.exists_one(e, e.name == d.name))",
                    () -> first(JobSpecValidator.problems(Resources.job(
                                    "j",
                                    s -> s.setDependsOn(new ArrayList<>(List.of(
                                            new dev.hpcenv.crd.v1alpha1.JobDependency(
                                                    "a", dev.hpcenv.crd.v1alpha1.DependencyCondition.SUCCEEDED),
                                            new dev.hpcenv.crd.v1alpha1.JobDependency(
                                                    "a", dev.hpcenv.crd.v1alpha1.DependencyCondition.COMPLETED)))))
                            .getSpec()))),
            Map.of(
                    "ClusterRef: (has(self.name) ? 1 : 0) + (has(self.names) ? 1 : 0) + (has(self.selector) ? 1 : 0)"
                            + " == 1",
                    () -> first(JobSpecValidator.problems(
                            Resources.job("j", s -> s.getClusterRef().setNames(List.of("alps")))
                                    .getSpec())),
                    "ServiceReadiness: has(self.command) != has(self.tcpPort)",
                    () -> first(JobSpecValidator.problems(Resources.job("j", s -> {
                                dev.hpcenv.crd.v1alpha1.JobService db = new dev.hpcenv.crd.v1alpha1.JobService();
                                db.setName("db");
                                db.setCommand(List.of("postgres"));
                                dev.hpcenv.crd.v1alpha1.ServiceReadiness ready =
                                        new dev.hpcenv.crd.v1alpha1.ServiceReadiness();
                                ready.setTimeoutSeconds(30);
                                db.setReady(ready);
                                s.setServices(new ArrayList<>(List.of(db)));
                            })
                            .getSpec()))));

    /** Both tables in one (Map.of takes at most ten rows). */
    @SafeVarargs
    private static Map<String, Supplier<String>> merged(Map<String, Supplier<String>>... tables) {
        Map<String, Supplier<String>> table = new java.util.LinkedHashMap<>();
        for (Map<String, Supplier<String>> t : tables) {
            table.putAll(t);
        }
        return java.util.Collections.unmodifiableMap(table);
    }

    @Test
    void everyRuleOfTheModelHasARow() {
        assertThat(rulesOfTheModel())
                .as(
                        "CEL rules without an operator-side check: add the check and a row to %s",
                        getClass().getSimpleName())
                .isSubsetOf(TABLE.keySet());
    }

    static List<String> rows() {
        return new ArrayList<>(new TreeSet<>(TABLE.keySet()));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void theOperatorRefusesWhatTheRuleRefuses(String rule) {
        String refusal = TABLE.get(rule).get();
        assertThat(refusal).as("the operator's refusal for %s", rule).isNotBlank();
        assertThat(refusal).doesNotContain("\n");
    }

    @Test
    void theBaselineObjectsPassEveryCheck() {
        assertThat(ClusterSpecValidator.problems(cluster(c -> {}).getSpec())).isEmpty();
        assertThat(ClusterSpecValidator.deniedMappings(cluster(c -> {}).getSpec(), DeniedUsers.DEFAULT))
                .isEmpty();
        assertThat(JobSpecValidator.problems(Resources.job("ok").getSpec())).isEmpty();
    }

    private static Set<String> rulesOfTheModel() {
        Set<String> rules = new LinkedHashSet<>();
        walk(HpcJob.class, new LinkedHashSet<>(), rules);
        walk(SlurmCluster.class, new LinkedHashSet<>(), rules);
        walk(HpcEnvironment.class, new LinkedHashSet<>(), rules);
        walk(ClusterHpcEnvironment.class, new LinkedHashSet<>(), rules);
        return rules;
    }

    private static void walk(Type type, Set<Class<?>> seen, Set<String> rules) {
        if (type instanceof ParameterizedType p) {
            walk(p.getRawType(), seen, rules);
            for (Type arg : p.getActualTypeArguments()) {
                walk(arg, seen, rules);
            }
            return;
        }
        if (!(type instanceof Class<?> c) || !c.getName().startsWith("dev.hpcenv.crd") || !seen.add(c)) {
            return;
        }
        for (ValidationRule r : c.getAnnotationsByType(ValidationRule.class)) {
            rules.add(c.getSimpleName() + ": " + r.value());
        }
        for (Class<?> k = c; k != null && k.getName().startsWith("dev.hpcenv.crd"); k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                for (ValidationRule r : f.getAnnotationsByType(ValidationRule.class)) {
                    rules.add(k.getSimpleName() + "." + f.getName() + ": " + r.value());
                }
                walk(f.getGenericType(), seen, rules);
            }
        }
        // The spec and status of a custom resource are type arguments of its superclass.
        walk(c.getGenericSuperclass(), seen, rules);
    }

    private static SlurmCluster cluster(java.util.function.Consumer<SlurmCluster> change) {
        SlurmCluster c = Resources.cluster(s -> {});
        change.accept(c);
        return c;
    }

    private static String first(List<String> problems) {
        return problems.isEmpty() ? null : problems.get(0);
    }

    private static String refusalOf(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
