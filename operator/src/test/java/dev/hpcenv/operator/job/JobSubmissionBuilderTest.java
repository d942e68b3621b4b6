package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.crd.v1alpha1.ClusterDefaults;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.JobResources;
import dev.hpcenv.crd.v1alpha1.MpiType;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.JobSubmission;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobSubmissionBuilderTest {

    private static final List<String> HOSTILE = List.of(
            "it's \"quoted\"",
            "two\nlines",
            "$(touch /tmp/pwned)",
            "`id`",
            "; rm -rf /",
            "${HOME}",
            "*",
            "",
            "tab\there",
            "back\\slash");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobSubmissionBuilder builder = new JobSubmissionBuilder("/tmp");

    @Test
    void hostileArgvReachesSrunWordForWordThroughTheConstantScript(@TempDir Path dir) throws Exception {
        // Given
        HpcJob job = Resources.job("hostile", s -> {
            s.setCommand(new ArrayList<>(List.of("sh", "-c")));
            s.setArgs(new ArrayList<>(HOSTILE));
            s.setMpi(MpiType.PMIX);
        });
        JobSubmission submission = builder.build(job, environment(), mapping(), null);
        // When
        List<String> srunArgs = runScript(dir, submission);
        // Then
        assertThat(submission.script()).isEqualTo(BatchScript.TEXT);
        assertThat(srunArgs)
                .containsExactly(
                        "--mpi=pmix", "hpcenv-shim", "run", "--spec-env", "HPCENV_SPEC", "--argv-env", "HPCENV_ARGV");
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
        assertThat(JSON.readValue(submission.environment().get("HPCENV_ARGV"), List.class))
                .containsExactlyElementsOf(concat(List.of("sh", "-c"), HOSTILE));
    }

    @Test
    void hostileEnvValuesTravelOnlyInsideTheSpecJson() throws Exception {
        // Given
        HpcJob job = Resources.job(
                "env",
                s -> s.setEnv(new java.util.LinkedHashMap<>(Map.of(
                        "GREETING",
                        "$(reboot) `id` \"q\" 'q'\nnext",
                        "LD_PRELOAD",
                        "/evil.so",
                        "SLURM_JOB_USER",
                        "root"))));
        // When
        JobSubmission submission = builder.build(job, environment(), mapping(), null);
        // Then
        ResolvedEnvironment spec =
                JSON.readValue(submission.environment().get("HPCENV_SPEC"), ResolvedEnvironment.class);
        assertThat(spec.getEnv())
                .containsEntry("GREETING", "$(reboot) `id` \"q\" 'q'\nnext")
                .containsEntry("LD_PRELOAD", "/evil.so")
                .containsEntry("BASE", "1");
        assertThat(submission.environment()).doesNotContainKeys("GREETING", "LD_PRELOAD", "SLURM_JOB_USER");
        assertThat(submission.environment().keySet()).allMatch(k -> k.equals("PATH") || k.startsWith("HPCENV_"));
    }

    @Test
    void carriesTheUidAsCommentAndAppliesMappingAndClusterDefaults() {
        // Given
        HpcJob job = Resources.job("resources", s -> {
            JobResources r = new JobResources();
            r.setMemory("2Gi");
            r.setTasks(4);
            s.setResources(r);
        });
        ClusterDefaults defaults = new ClusterDefaults();
        defaults.setPartition("normal");
        defaults.setAccount("site-default");
        defaults.setTimeLimit("1h30m");
        defaults.setShimPath("/opt/hpcenv/bin/hpcenv-shim");
        // When
        JobSubmission submission = builder.build(job, environment(), mapping(), defaults);
        // Then
        assertThat(submission.comment()).isEqualTo(job.getMetadata().getUid());
        assertThat(submission.partition()).isEqualTo("normal");
        assertThat(submission.account()).isEqualTo("proj-a");
        assertThat(submission.timeLimit()).isEqualTo(Duration.ofMinutes(90));
        assertThat(submission.memoryMb()).isEqualTo(2048L);
        assertThat(submission.ntasks()).isEqualTo(4);
        assertThat(submission.environment()).containsEntry("HPCENV_SHIM", "/opt/hpcenv/bin/hpcenv-shim");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // row                                              | job env   | container env  | unset
                "an empty value unsets an inherited variable         | BASE=     | {}             | [BASE, GONE]",
                "a value replaces an inherited one                   | BASE=2    | {BASE=2}       | [GONE]",
                "a value sets again what the environment unset       | GONE=back | {BASE=1, GONE=back} | []",
                "a new variable is added                             | NEW=x     | {BASE=1, NEW=x} | [GONE]",
                "an empty value of a variable nobody set stays unset | NEW=      | {BASE=1}       | [GONE, NEW]",
            })
    void theJobsEnvGoesOverTheEnvironmentByTheEdfRules(String row, String jobEnv, String env, String unset) {
        // Given: the environment sets BASE=1 and unsets GONE
        ResolvedEnvironment resolved = environment();
        resolved.getUnsetEnv().add("GONE");
        String[] entry = jobEnv.split("=", -1);
        HpcJob job = Resources.job("env", s -> s.setEnv(new java.util.LinkedHashMap<>(Map.of(entry[0], entry[1]))));
        // When
        ResolvedEnvironment container = JobSubmissionBuilder.containerEnvironment(resolved, job.getSpec());
        // Then
        assertThat(new java.util.TreeMap<>(container.getEnv())).hasToString(env);
        assertThat(container.getUnsetEnv().stream().sorted().toList()).hasToString(unset);
        assertThat(resolved.getEnv())
                .as("the resolved environment itself is left alone")
                .containsOnlyKeys("BASE");
    }

    @Test
    void theHoldAnnotationSubmitsHeld() {
        // Given
        HpcJob job = Resources.job("held");
        job.getMetadata().setAnnotations(Map.of(JobSubmissionBuilder.HOLD_ANNOTATION, "true"));
        // When
        JobSubmission submission = builder.build(job, environment(), mapping(), null);
        // Then
        assertThat(submission.hold()).isTrue();
        assertThat(builder.build(Resources.job("plain"), environment(), mapping(), null)
                        .hold())
                .isFalse();
    }

    @Test
    void servicesTravelAsDataAndTheScriptHandsThemToTheShimUnread(@TempDir Path dir) throws Exception {
        // Given
        dev.hpcenv.crd.v1alpha1.JobService sampler = new dev.hpcenv.crd.v1alpha1.JobService();
        sampler.setName("sampler");
        sampler.setCommand(new ArrayList<>(concat(List.of("/opt/bin/sampler"), HOSTILE)));
        sampler.setEnv(new java.util.LinkedHashMap<>(Map.of("PERIOD_MS", "$(reboot) `id`")));
        dev.hpcenv.crd.v1alpha1.ServiceReadiness ready = new dev.hpcenv.crd.v1alpha1.ServiceReadiness();
        ready.setCommand(List.of("test", "-e", "/tmp/ready"));
        ready.setTimeoutSeconds(30);
        sampler.setReady(ready);
        dev.hpcenv.crd.v1alpha1.JobService agg = new dev.hpcenv.crd.v1alpha1.JobService();
        agg.setName("agg");
        agg.setCommand(List.of("aggregate"));
        agg.setEnvironmentRef(new dev.hpcenv.crd.v1alpha1.EnvironmentRef(
                "ldms", dev.hpcenv.crd.v1alpha1.EnvironmentKind.HPC_ENVIRONMENT));
        agg.setPlacement(dev.hpcenv.crd.v1alpha1.ServicePlacement.FIRST_NODE);
        agg.setRequired(true);
        agg.setTerminationGracePeriodSeconds(0);
        agg.setOutput("monitor/%x-%n.out");
        HpcJob job = Resources.job("services", s -> s.setServices(new ArrayList<>(List.of(sampler, agg))));
        ResolvedEnvironment ldms = new ResolvedEnvironment();
        ldms.setImage("registry/ldms:4");
        // When
        JobSubmission submission = builder.build(job, environment(), Map.of("agg", ldms), mapping(), null, null, null);
        List<String> shimArgs = runScript(dir, submission, "hpcenv-shim");
        // Then
        assertThat(submission.script()).isEqualTo(BatchScript.TEXT);
        assertThat(shimArgs)
                .containsExactly(
                        "job",
                        "--services-env",
                        "HPCENV_SERVICES",
                        "--spec-env",
                        "HPCENV_SPEC",
                        "--argv-env",
                        "HPCENV_ARGV");
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
        com.fasterxml.jackson.databind.JsonNode services =
                JSON.readTree(submission.environment().get("HPCENV_SERVICES")).get("services");
        assertThat(services).hasSize(2);
        assertThat(JSON.writeValueAsString(services.get(0)))
                .isEqualTo("{\"name\":\"sampler\",\"argv\":" + JSON.writeValueAsString(sampler.getCommand())
                        + ",\"spec\":null,\"env\":{\"PERIOD_MS\":\"$(reboot) `id`\"},\"placement\":\"everyNode\","
                        + "\"ready\":{\"command\":[\"test\",\"-e\",\"/tmp/ready\"],\"tcpPort\":null,"
                        + "\"timeoutSeconds\":30,\"periodSeconds\":1},\"required\":false,\"graceSeconds\":10,"
                        + "\"output\":\"hpcenv-%j-%x-%N.out\"}");
        assertThat(services.get(1).get("spec").get("image").asText()).isEqualTo("registry/ldms:4");
        assertThat(services.get(1).get("placement").asText()).isEqualTo("firstNode");
        assertThat(services.get(1).get("ready").isNull()).isTrue();
        assertThat(services.get(1).get("required").asBoolean()).isTrue();
        assertThat(services.get(1).get("graceSeconds").asInt()).isZero();
        assertThat(services.get(1).get("output").asText()).isEqualTo("monitor/%x-%n.out");
        assertThat(submission.environment().keySet()).allMatch(k -> k.equals("PATH") || k.startsWith("HPCENV_"));
    }

    @Test
    void aJobWithoutServicesGetsNoServicesVariable(@TempDir Path dir) throws Exception {
        // Given
        HpcJob job = Resources.job("plain");
        // When
        JobSubmission submission = builder.build(job, environment(), mapping(), null);
        // Then
        assertThat(submission.environment()).doesNotContainKey("HPCENV_SERVICES");
        assertThat(runScript(dir, submission))
                .containsExactly(
                        "--mpi=none", "hpcenv-shim", "run", "--spec-env", "HPCENV_SPEC", "--argv-env", "HPCENV_ARGV");
    }

    private static ResolvedEnvironment environment() {
        ResolvedEnvironment env = new ResolvedEnvironment();
        env.setImage("library/ubuntu:24.04");
        env.getEnv().put("BASE", "1");
        return env;
    }

    private static UserMapping mapping() {
        return new UserMapping(Resources.NAMESPACE, "alice", "proj-a");
    }

    /** Runs the batch script with a stand-in srun that writes its arguments NUL-separated. */
    private static List<String> runScript(Path dir, JobSubmission submission) throws Exception {
        return runScript(dir, submission, "srun");
    }

    /** Runs the batch script with a stand-in {@code program} (srun, hpcenv-shim) that writes its arguments NUL-separated. */
    private static List<String> runScript(Path dir, JobSubmission submission, String program) throws Exception {
        Path srun = dir.resolve(program);
        Files.writeString(srun, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done\n");
        Files.setPosixFilePermissions(srun, PosixFilePermissions.fromString("rwx------"));
        Path script = dir.resolve("batch.sh");
        Files.writeString(script, submission.script());
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString());
        pb.environment().clear();
        pb.environment().putAll(submission.environment());
        pb.environment().put("PATH", dir + ":" + submission.environment().get("PATH"));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String text = new String(out, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(Arrays.asList(text.split("\0", -1)));
        args.remove(args.size() - 1);
        return args;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void aClusterWithALogEndpointGivesTheJobItsOwnCredentialAndNoOtherJobs() {
        JobSubmissionBuilder shipping = new JobSubmissionBuilder(
                "/tmp",
                null,
                LogShipping.minting(j -> "token-for-" + j.getMetadata().getUid()));
        dev.hpcenv.crd.v1alpha1.LogEndpoint logs = new dev.hpcenv.crd.v1alpha1.LogEndpoint();
        logs.setEndpoint("https://logs.example.org:8444");
        logs.setCaBundle("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        HpcJob job = Resources.job("shipped");
        job.getMetadata().setUid("uid-1");

        Map<String, String> env =
                shipping.build(job, environment(), mapping(), null, logs).environment();
        Map<String, String> without =
                shipping.build(job, environment(), mapping(), null, null).environment();
        Map<String, String> noStore =
                builder.build(job, environment(), mapping(), null, logs).environment();

        assertThat(env)
                .containsEntry(LogShipping.URL_VARIABLE, "https://logs.example.org:8444")
                .containsEntry(LogShipping.TOKEN_VARIABLE, "token-for-uid-1")
                .containsEntry(LogShipping.CA_VARIABLE, logs.getCaBundle());
        assertThat(without).doesNotContainKeys(LogShipping.URL_VARIABLE, LogShipping.TOKEN_VARIABLE);
        assertThat(noStore).doesNotContainKeys(LogShipping.URL_VARIABLE, LogShipping.TOKEN_VARIABLE);
        // The credential is the batch script's: the container's environment (HPCENV_SPEC) never holds it.
        assertThat(env.get(BatchScript.SPEC_VARIABLE)).doesNotContain("token-for-uid-1");
    }
}
