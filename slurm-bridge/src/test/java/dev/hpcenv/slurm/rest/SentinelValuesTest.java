package dev.hpcenv.slurm.rest;

import static dev.hpcenv.slurm.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.Node;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.testing.Fixtures;
import dev.hpcenv.slurm.testing.StartedServer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numbers at and past their limits as slurmrestd sends them, for every adapter: Slurm's sentinels
 * (NO_VAL 4294967294, INFINITE 4294967295, their 64-bit forms, the v0.0.40+ {@code set:false} and
 * {@code infinite:true} structs, negative forms) read as "not set", never as a time, an exit code or
 * a signal, and never an exception. Each row edits one field of the version's
 * {@code job-failed-exit-3} fixture, in the shape that version uses.
 */
class SentinelValuesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String NO_VAL = "4294967294";
    private static final String INFINITE = "4294967295";
    private static final String NO_VAL64 = "18446744073709551614";
    private static final String INFINITE64 = "18446744073709551615";
    private static final String LONG_MAX = "9223372036854775807";

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();
    private final List<String> reported = new ArrayList<>();

    private SlurmClient client(ApiVersion v) {
        RestSlurmClient client = (RestSlurmClient) MockRestd.client(server, v);
        client.reportMalformedTo(reported::add);
        return client;
    }

    /** A plain number up to v0.0.39, a {set, infinite, number} struct from v0.0.40 (times and limits). */
    private static JsonNode shaped(ApiVersion v, String number, boolean structIn39) throws IOException {
        boolean struct = v.atLeast(ApiVersion.V0_0_40) || (structIn39 && v == ApiVersion.V0_0_39);
        return MAPPER.readTree(struct ? "{\"set\":true,\"infinite\":false,\"number\":" + number + "}" : number);
    }

    private static ObjectNode fixture(String v, String name) throws IOException {
        return (ObjectNode) MAPPER.readTree(Fixtures.read(v, name));
    }

    private JobInfo withField(ApiVersion v, String field, JsonNode value) throws IOException {
        ObjectNode root = fixture(v.pathSegment(), "job-failed-exit-3");
        ObjectNode job = (ObjectNode) root.get("jobs").get(0);
        job.set(field, value);
        server.enqueue(json(200, root.toString()));
        try (SlurmClient client = client(v)) {
            return client.getJob(job.get("job_id").asLong()).orElseThrow();
        }
    }

    static Stream<Arguments> times() {
        List<Arguments> rows = new ArrayList<>();
        for (ApiVersion v : ApiVersion.values()) {
            for (String[] row : new String[][] {
                {NO_VAL, null},
                {INFINITE, null},
                {NO_VAL64, null},
                {INFINITE64, null},
                {"-1", null},
                {"-2", null},
                {"0", null},
                {LONG_MAX, null},
                {"1795259456", "2026-11-21T11:10:56Z"},
                {"4294967293", "2106-02-07T06:28:13Z"}
            }) {
                rows.add(Arguments.of(v, row[0], row[1]));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: time {1} -> {2}")
    @MethodSource("times")
    void timesReadSentinelsAsUnset(ApiVersion v, String number, String expected) throws IOException {
        for (String field : List.of("submit_time", "start_time", "end_time")) {
            JobInfo job = withField(v, field, shaped(v, number, false));
            Instant read = switch (field) {
                case "submit_time" -> job.submitTime();
                case "start_time" -> job.startTime();
                default -> job.endTime();
            };
            assertThat(read).as(field).isEqualTo(expected == null ? null : Instant.parse(expected));
        }
    }

    static Stream<Arguments> timeLimits() {
        List<Arguments> rows = new ArrayList<>();
        for (ApiVersion v : ApiVersion.values()) {
            for (String[] row : new String[][] {
                {NO_VAL, null},
                {INFINITE, null},
                {NO_VAL64, null},
                {INFINITE64, null},
                {"-1", null},
                {"4294967296", null},
                {"2147483648", null},
                {"60", "60"},
                {"0", "0"}
            }) {
                rows.add(Arguments.of(v, row[0], row[1] == null ? null : Integer.valueOf(row[1])));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: time_limit {1} -> {2}")
    @MethodSource("timeLimits")
    void timeLimitsReadSentinelsAsUnlimited(ApiVersion v, String number, Integer expected) throws IOException {
        assertThat(withField(v, "time_limit", shaped(v, number, true)).timeLimitMinutes())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"V0_0_40", "V0_0_41", "V0_0_42", "V0_0_43", "V0_0_44", "V0_0_45"})
    void unsetAndInfiniteStructsAreNoValue(ApiVersion v) throws IOException {
        for (String struct : List.of(
                "{\"set\":false,\"infinite\":false,\"number\":0}",
                "{\"set\":true,\"infinite\":true,\"number\":0}",
                "{\"set\":false,\"infinite\":true,\"number\":1795259456}",
                "{\"set\":true,\"infinite\":false,\"number\":\"garbage\"}",
                "{}",
                "[]",
                "\"\"",
                "true")) {
            JsonNode value = MAPPER.readTree(struct);
            assertThat(withField(v, "submit_time", value).submitTime())
                    .as(struct)
                    .isNull();
            assertThat(withField(v, "time_limit", value).timeLimitMinutes())
                    .as(struct)
                    .isNull();
        }
    }

    /** Raw wait statuses (v0.0.38; v0.0.39 plain up to 23.02.3, in a struct from 23.02.4). */
    static Stream<Arguments> rawExitCodes() {
        List<Arguments> rows = new ArrayList<>();
        for (ApiVersion v : List.of(ApiVersion.V0_0_38, ApiVersion.V0_0_39)) {
            for (boolean struct : v == ApiVersion.V0_0_39 ? List.of(false, true) : List.of(false)) {
                for (Object[] row : new Object[][] {
                    {NO_VAL, null},
                    {INFINITE, null},
                    {NO_VAL64, null},
                    {"-2", null},
                    {"-1", null},
                    {"65536", null},
                    {"127", null}, // 0x7f: stopped, not ended
                    {"768", ExitStatus.exited(3)},
                    {"65280", ExitStatus.exited(255)},
                    {"0", ExitStatus.exited(0)},
                    {"9", ExitStatus.signalled(9)},
                    {"139", ExitStatus.signalled(11)}, // SEGV with the core bit
                    {"15", ExitStatus.signalled(15)}
                }) {
                    rows.add(Arguments.of(v, struct, row[0], row[1]));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} (struct {1}): exit_code {2} -> {3}")
    @MethodSource("rawExitCodes")
    void rawExitCodesNeverTurnSentinelsIntoSignals(ApiVersion v, boolean struct, String raw, ExitStatus expected)
            throws IOException {
        JsonNode value = MAPPER.readTree(struct ? "{\"set\":true,\"infinite\":false,\"number\":" + raw + "}" : raw);
        assertThat(withField(v, "exit_code", value).exit()).isEqualTo(expected);
    }

    static Stream<Arguments> verboseExitCodes() {
        String unset = "{\"set\":false,\"infinite\":false,\"number\":0}";
        List<Arguments> rows = new ArrayList<>();
        for (ApiVersion v : List.of(
                ApiVersion.V0_0_40,
                ApiVersion.V0_0_41,
                ApiVersion.V0_0_42,
                ApiVersion.V0_0_43,
                ApiVersion.V0_0_44,
                ApiVersion.V0_0_45)) {
            for (Object[] row : new Object[][] {
                {
                    "{\"status\":[\"ERROR\"],\"return_code\":{\"set\":true,\"infinite\":false,\"number\":" + NO_VAL
                            + "}}",
                    null
                },
                {"{\"status\":[\"ERROR\"],\"return_code\":{\"set\":true,\"infinite\":false,\"number\":-1}}", null},
                {"{\"status\":[\"ERROR\"],\"return_code\":{\"set\":true,\"infinite\":false,\"number\":256}}", null},
                {"{\"status\":[\"ERROR\"],\"return_code\":{\"set\":true,\"infinite\":true,\"number\":0}}", null},
                {
                    "{\"status\":[\"ERROR\"],\"return_code\":{\"set\":true,\"infinite\":false,\"number\":255}}",
                    ExitStatus.exited(255)
                },
                {"{\"status\":[\"SUCCESS\"],\"return_code\":" + unset + "}", null},
                {"{\"status\":[\"PENDING\"],\"return_code\":{\"set\":true,\"infinite\":false,\"number\":0}}", null},
                {
                    "{\"status\":[\"SIGNALED\"],\"signal\":{\"id\":{\"set\":true,\"infinite\":false,\"number\":"
                            + NO_VAL + "},\"name\":\"KILL\"}}",
                    ExitStatus.signalled(9)
                },
                {
                    "{\"status\":[\"SIGNALED\"],\"signal\":{\"id\":{\"set\":true,\"infinite\":false,\"number\":-1},"
                            + "\"name\":\"\"}}",
                    null
                },
                {
                    "{\"status\":[\"CORE_DUMPED\",\"SIGNALED\"],\"signal\":{\"id\":{\"set\":true,\"infinite\":false,"
                            + "\"number\":11},\"name\":\"SEGV\"}}",
                    ExitStatus.signalled(11)
                },
                {
                    "{\"status\":[\"SIGNALED\"],\"signal\":{\"id\":" + unset + ",\"name\":\"SIGTERM\"}}",
                    ExitStatus.signalled(15)
                },
                {"{\"status\":[\"NEW_STATUS_FROM_A_LATER_SLURM\"]}", null},
                {"{\"status\":\"ERROR\",\"return_code\":3}", ExitStatus.exited(3)}
            }) {
                rows.add(Arguments.of(v, row[0], row[1]));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: exit_code {1} -> {2}")
    @MethodSource("verboseExitCodes")
    void verboseExitCodesReadSentinelsAsUnknown(ApiVersion v, String exit, ExitStatus expected) throws IOException {
        assertThat(withField(v, "exit_code", MAPPER.readTree(exit)).exit()).isEqualTo(expected);
    }

    static Stream<Arguments> jobIds() {
        List<Arguments> rows = new ArrayList<>();
        for (ApiVersion v : ApiVersion.values()) {
            for (String[] row : new String[][] {
                {NO_VAL, null},
                {INFINITE, null},
                {NO_VAL64, null},
                {"0", null},
                {"-1", null},
                {"4294967296", null},
                {"\"123_4\"", null},
                {"\"123+1\"", null},
                {"null", null},
                {"1.5", null},
                {"{\"set\":false,\"infinite\":false,\"number\":5}", null},
                {"4294967293", "4294967293"},
                {"\"77\"", "77"},
                {"{\"set\":true,\"infinite\":false,\"number\":78}", "78"}
            }) {
                rows.add(Arguments.of(v, row[0], row[1] == null ? null : Long.valueOf(row[1])));
            }
        }
        return rows.stream();
    }

    /**
     * Job ids are uint32 and NO_VAL is none: a record without a usable one is skipped and reported once,
     * and the other jobs of the listing are still listed.
     */
    @ParameterizedTest(name = "{0}: job_id {1} -> {2}")
    @MethodSource("jobIds")
    void aJobWithoutAUsableIdIsSkippedOnceAndTheOthersAreListed(ApiVersion v, String id, Long expected)
            throws IOException {
        ObjectNode root = fixture(v.pathSegment(), "job-failed-exit-3");
        ArrayNode jobs = (ArrayNode) root.get("jobs");
        long goodId = jobs.get(0).get("job_id").asLong();
        ObjectNode odd = jobs.get(0).deepCopy();
        odd.set("job_id", MAPPER.readTree(id));
        jobs.add(odd);
        jobs.add(MAPPER.readTree("\"not a job\""));
        server.enqueue(json(200, root.toString()));
        server.enqueue(json(200, root.toString()));
        try (SlurmClient client = client(v)) {
            List<Long> first = client.listJobs(Optional.empty()).stream()
                    .map(JobInfo::jobId)
                    .toList();
            List<Long> second = client.listJobs(Optional.empty()).stream()
                    .map(JobInfo::jobId)
                    .toList();
            assertThat(first)
                    .isEqualTo(second)
                    .containsExactlyElementsOf(expected == null ? List.of(goodId) : List.of(goodId, expected));
        }
        // Reported once each across both listings: the odd id (when unusable) and the string item.
        assertThat(reported)
                .hasSize(expected == null ? 2 : 1)
                .allSatisfy(r -> assertThat(r)
                        .startsWith("list jobs: skipped a job record from "
                                + server.url("/slurm/" + v.pathSegment() + "/jobs")));
        if (expected == null) {
            assertThat(reported.get(0)).contains("job_id").contains("is not a Slurm job id");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ApiVersion.class)
    void nodeCountsAndMemoryReadSentinelsAsUnknown(ApiVersion v) throws IOException {
        // No v0.0.39 node fixture: its data_parser node record is the v0.0.40 one.
        ObjectNode root = fixture((v == ApiVersion.V0_0_39 ? ApiVersion.V0_0_40 : v).pathSegment(), "nodes");
        ObjectNode node = (ObjectNode) root.get("nodes").get(0);
        node.set("cpus", shaped(v, NO_VAL, false));
        node.set("real_memory", MAPPER.readTree(NO_VAL64));
        server.enqueue(json(200, root.toString()));
        try (SlurmClient client = client(v)) {
            Node read = client.nodes().get(0);
            assertThat(read.cpus()).isNull();
            assertThat(read.realMemoryMb()).isNull();
        }
    }

    static Stream<Arguments> partitionLimits() {
        List<Arguments> rows = new ArrayList<>();
        for (ApiVersion v : ApiVersion.values()) {
            for (String[] row : new String[][] {
                {NO_VAL, null}, {INFINITE, null}, {"-1", null}, {NO_VAL64, null}, {"-2", null}, {"120", "120"}
            }) {
                rows.add(Arguments.of(v, row[0], row[1] == null ? null : Integer.valueOf(row[1])));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: partition limit/count {1} -> {2}")
    @MethodSource("partitionLimits")
    void partitionLimitsAndTotalsReadSentinelsAsUnknown(ApiVersion v, String number, Integer expected)
            throws IOException {
        boolean flat = v == ApiVersion.V0_0_38;
        // No v0.0.39 partition fixture: its data_parser partition record is the v0.0.40 one.
        ObjectNode root = fixture((v == ApiVersion.V0_0_39 ? ApiVersion.V0_0_40 : v).pathSegment(), "partitions");
        ObjectNode partition = (ObjectNode) root.get("partitions").get(0);
        JsonNode value = shaped(v, number, true);
        if (flat) {
            partition.set("max_time_limit", value);
            partition.set("total_cpus", value);
            partition.set("total_nodes", value);
        } else {
            ((ObjectNode) partition.with("maximums")).set("time", value);
            ((ObjectNode) partition.with("cpus")).set("total", value);
            ((ObjectNode) partition.with("nodes")).set("total", value);
        }
        server.enqueue(json(200, root.toString()));
        try (SlurmClient client = client(v)) {
            dev.hpcenv.slurm.Partition read = client.partitions().get(0);
            assertThat(read.maxTimeMinutes()).isEqualTo(expected);
            assertThat(read.totalCpus()).isEqualTo(expected);
            assertThat(read.totalNodes()).isEqualTo(expected);
        }
    }
}
