package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.operator.status.DesiredCondition;
import dev.hpcenv.operator.sync.JobListing;
import dev.hpcenv.operator.sync.SyncState;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.testing.JobRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JobDecision} as a table: the facts of one HpcJob, the one action chosen. Each row changes the
 * baseline (valid, cluster connected and listed, namespace mapped to alice, environment ready, nothing
 * submitted) in one or two facts; the rows follow the order of the checks in {@link JobDecision}.
 */
class JobDecisionTest {

    private static final String UID = "uid-1";
    private static final Instant LISTED = Instant.parse("2026-01-01T00:10:00Z");
    private static final String BEFORE_LISTING = "2026-01-01T00:00:00Z";
    private static final String JUST_BEFORE_LISTING = "2026-01-01T00:09:59.500Z";

    static Stream<Arguments> table() {
        return Stream.of(
                row("a final phase never changes", f -> f.phase(HpcJobPhase.SUCCEEDED), "Keep"),
                row(
                        "a final phase never changes, also when suspended",
                        f -> f.phase(HpcJobPhase.FAILED).suspended(),
                        "Keep"),
                row(
                        "suspend cancels the known job that runs and retires it",
                        f -> f.suspended().known(7).listing(job(7, JobState.RUNNING, "alice")),
                        "Suspend cancel=[7] retire=[7]"),
                row(
                        "suspend retires a known job that ended without cancelling it",
                        f -> f.suspended().known(7).listing(job(7, JobState.COMPLETED, "alice")),
                        "Suspend cancel=[] retire=[7]"),
                row(
                        "suspend also catches a listed job of the namespace's user that names the UID",
                        f -> f.suspended().listing(job(8, JobState.PENDING, "alice")),
                        "Suspend cancel=[8] retire=[8]"),
                row(
                        "suspend leaves another user's job that names the UID alone",
                        f -> f.suspended().listing(job(8, JobState.PENDING, "mallory")),
                        "Hold Accepted=True/Valid EnvironmentReady=True/Resolved Submitted=False/Suspended"),
                row(
                        "suspend with nothing submitted holds",
                        JobDecisionTest.Facts::suspended,
                        "Hold Accepted=True/Valid EnvironmentReady=True/Resolved Submitted=False/Suspended"),
                row(
                        "suspend with an invalid spec says so",
                        f -> f.suspended().problems("spec.command: empty"),
                        "Hold Accepted=False/Invalid EnvironmentReady=True/Resolved Submitted=False/Suspended"),
                row(
                        "a known job is followed in the listing",
                        f -> f.known(7).listing(job(7, JobState.RUNNING, "alice")),
                        "Follow 7"),
                row(
                        "a job this process submitted is followed before its status is written",
                        f -> f.ledger(7).listing(job(7, JobState.PENDING, "alice")),
                        "Follow 7"),
                row(
                        "a requeued job within spec.requeue is followed",
                        f -> f.requeue(2).known(7).listing(restarted(job(7, JobState.PENDING, "alice"), 2)),
                        "Follow 7"),
                row(
                        "a job requeued once with spec.requeue 0 is cancelled",
                        f -> f.known(7).listing(restarted(job(7, JobState.PENDING, "alice"), 1)),
                        "RequeuedTooOften 7 restarts=1 allowed=0"),
                row(
                        "a job requeued beyond spec.requeue is cancelled, also while it runs again",
                        f -> f.requeue(1).known(7).listing(restarted(job(7, JobState.RUNNING, "alice"), 2)),
                        "RequeuedTooOften 7 restarts=2 allowed=1"),
                row(
                        "a job that ended after too many requeues is followed (nothing left to cancel)",
                        f -> f.known(7).listing(restarted(job(7, JobState.NODE_FAIL, "alice"), 1)),
                        "Follow 7"),
                row(
                        "a job whose restart count Slurm does not report is followed",
                        f -> f.known(7).listing(job(7, JobState.RUNNING, "alice")),
                        "Follow 7"),
                row("a known job waits for the first listing", f -> f.known(7).noListing(), "AwaitListing 7"),
                row(
                        "a known job missing from a listing started after the submit is lost",
                        f -> f.known(7).submittedAt(BEFORE_LISTING),
                        "Lost 7"),
                row(
                        "a known job missing from a listing that may have started before the submit waits",
                        f -> f.known(7).submittedAt(JUST_BEFORE_LISTING),
                        "AwaitListing 7"),
                row(
                        "a retired job is not followed: a resumed job submits afresh",
                        f -> f.known(7).retired(7).listing(job(7, JobState.CANCELLED, "alice")),
                        "Submit as alice"),
                row(
                        "an invalid spec is held",
                        f -> f.problems("spec.resources.nodes: must be at least 1"),
                        "Hold Accepted=False/Invalid EnvironmentReady=True/Resolved Submitted=False/Waiting"),
                row(
                        "a missing SlurmCluster is held",
                        f -> f.cluster(new ClusterView.Missing("daint")),
                        "Hold Accepted=False/ClusterNotFound EnvironmentReady=True/Resolved Submitted=False/Waiting"),
                row(
                        "a namespace mapped to a denied user is held",
                        f -> f.cluster(new ClusterView.UserDenied("daint", "maps namespace team-a to root")),
                        "Hold Accepted=False/UserDenied EnvironmentReady=True/Resolved Submitted=False/Waiting"),
                row(
                        "a mapped namespace waits for its cluster to connect",
                        f -> f.cluster(new ClusterView.NotConnected("daint", Optional.of(ALICE), "secret missing")),
                        "Hold Accepted=True/Valid EnvironmentReady=True/Resolved Submitted=False/Waiting"),
                row(
                        "an unmapped namespace is held, connected or not",
                        f -> f.cluster(new ClusterView.NotConnected("daint", Optional.empty(), "secret missing")),
                        "Hold Accepted=False/NamespaceNotMapped EnvironmentReady=True/Resolved Submitted=False/Waiting"),
                row(
                        "an unmapped namespace on a connected cluster is held",
                        Facts::unmapped,
                        "Hold Accepted=False/NamespaceNotMapped EnvironmentReady=True/Resolved Submitted=False/Waiting"),
                row(
                        "an environment that is not ready holds the job",
                        f -> f.environment(new EnvironmentView.NotReady("EnvironmentNotReady", "resolving")),
                        "Hold Accepted=True/Valid EnvironmentReady=False/EnvironmentNotReady Submitted=False/Waiting"),
                row(
                        "nothing is submitted before the cluster's first listing",
                        Facts::noListing,
                        "Hold Accepted=True/Valid EnvironmentReady=True/Resolved Submitted=False/Waiting"),
                row(
                        "a failing first listing shows as unreachable",
                        f -> f.noListing().listingFails(),
                        "Hold Accepted=True/Valid EnvironmentReady=True/Resolved Submitted=Unknown/ClusterUnreachable"),
                row(
                        "the namespace user's listed job naming the UID is adopted",
                        f -> f.listing(job(8, JobState.RUNNING, "alice")),
                        "Adopt 8"),
                row(
                        "another user's job naming the UID is not adopted",
                        f -> f.listing(job(8, JobState.RUNNING, "mallory")),
                        "Submit as alice"),
                row(
                        "a retired job naming the UID is not adopted",
                        f -> f.retired(8).listing(job(8, JobState.CANCELLED, "alice")),
                        "Submit as alice"),
                row(
                        "after a submit without answer, a listing started before it allows no new submit",
                        f -> f.uncertainSince(LISTED.plusSeconds(1)),
                        "Hold Accepted=True/Valid EnvironmentReady=True/Resolved Submitted=Unknown/ClusterUnreachable"),
                row(
                        "after a submit without answer, a listing started later allows a new submit",
                        f -> f.uncertainSince(LISTED.minusSeconds(1)),
                        "Submit as alice"),
                row("everything in place: submit as the mapped user", f -> f, "Submit as alice"),
                // Arrays (docs/workflows.md, section 4)
                row(
                        "a known array is followed as one job, its elements counted",
                        f -> f.array("0-3")
                                .known(20)
                                .listing(
                                        element(20, 0, JobState.COMPLETED),
                                        element(21, 1, JobState.RUNNING),
                                        pendingElements(22, "2-3")),
                        "Follow 20 array=total 4: 1 running, 2 pending, 1 succeeded, 0 failed"),
                row(
                        "an array's element found after a restart adopts the whole array, never a second one",
                        f -> f.array("0-3").listing(element(21, 1, JobState.RUNNING), pendingElements(20, "0,2-3")),
                        "Adopt 20 array=total 4: 1 running, 3 pending, 0 succeeded, 0 failed"),
                row(
                        "suspend cancels an array by its id, however many elements are listed",
                        f -> f.array("0-3")
                                .suspended()
                                .listing(element(21, 1, JobState.RUNNING), pendingElements(20, "0,2-3")),
                        "Suspend cancel=[20] retire=[20]"),
                // Dependencies
                row(
                        "dependencies on the same cluster are submitted with Slurm's dependency",
                        f -> f.dependencies(new DependencyPlan.Ready("afterok:5:6")),
                        "Submit as alice dependency=afterok:5:6"),
                row(
                        "a dependency without a Slurm id is waited for",
                        f -> f.dependencies(new DependencyPlan.Wait("WaitingForDependency", "waiting for a")),
                        "Hold Accepted=True/Valid EnvironmentReady=True/Resolved Submitted=False/WaitingForDependency"),
                row(
                        "a missing dependency is waited for",
                        f -> f.dependencies(new DependencyPlan.Wait("DependencyMissing", "waiting for b")),
                        "Hold Accepted=True/Valid EnvironmentReady=True/Resolved Submitted=False/DependencyMissing"),
                row(
                        "a cycle is refused, even before the environment is ready",
                        f -> f.dependencies(new DependencyPlan.Cycle("a -> b -> a"))
                                .environment(new EnvironmentView.NotReady("EnvironmentNotReady", "resolving")),
                        "Hold Accepted=False/DependencyCycle EnvironmentReady=False/EnvironmentNotReady Submitted=False/Waiting"),
                row(
                        "a failed dependency fails a job not submitted yet, with nothing to cancel",
                        f -> f.dependencies(new DependencyPlan.Failed("dependency a ended Failed")),
                        "DependencyFailed cancel=null"),
                row(
                        "a job already submitted is adopted, whatever its dependencies say now",
                        f -> f.dependencies(new DependencyPlan.Failed("dependency a ended Failed"))
                                .listing(job(8, JobState.PENDING, "alice")),
                        "Adopt 8"),
                row(
                        "Slurm's DependencyNeverSatisfied fails the job and cancels it",
                        f -> f.known(7).listing(reason(job(7, JobState.PENDING, "alice"), "DependencyNeverSatisfied")),
                        "DependencyFailed cancel=7"),
                row(
                        "a job Slurm cancelled for DependencyNeverSatisfied (kill_invalid_depend) fails with nothing to cancel",
                        f -> f.known(7)
                                .listing(reason(job(7, JobState.CANCELLED, "alice"), "DependencyNeverSatisfied")),
                        "DependencyFailed cancel=null"),
                row(
                        "an array pending for DependencyNeverSatisfied is cancelled by its id",
                        f -> f.array("0-3")
                                .known(20)
                                .listing(reason(pendingElements(20, "0-3"), "DependencyNeverSatisfied")),
                        "DependencyFailed cancel=20"));
    }

    private static JobInfo element(long id, long index, JobState state) {
        JobInfo j = job(id, state, "alice");
        return JobRecord.from(job(id, state, "alice"))
                .exit(state == JobState.COMPLETED ? dev.hpcenv.slurm.ExitStatus.exited(0) : null)
                .element(20L, index)
                .build();
    }

    private static JobInfo pendingElements(long id, String indexes) {
        JobInfo j = job(id, JobState.PENDING, "alice");
        return JobRecord.from(job(id, JobState.PENDING, "alice"))
                .pendingElements(20L, indexes)
                .build();
    }

    private static JobInfo reason(JobInfo j, String reason) {
        return JobRecord.from(j).reason(reason).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decidesOneActionFromTheFacts(String row, UnaryOperator<Facts> change, String expected) {
        // Given
        JobFacts facts = change.apply(new Facts()).build();
        // When
        JobAction action = JobDecision.decide(facts);
        // Then
        assertThat(action.accept(new Description())).isEqualTo(expected);
    }

    private static Arguments row(String name, UnaryOperator<Facts> change, String expected) {
        return Arguments.of(name, change, expected);
    }

    private static final UserMapping ALICE = mapping("team-a", "alice");

    private static UserMapping mapping(String namespace, String user) {
        UserMapping m = new UserMapping();
        m.setNamespace(namespace);
        m.setUser(user);
        return m;
    }

    private static JobInfo job(long id, JobState state, String user) {
        return JobRecord.job(id)
                .name("team-a.train")
                .state(state)
                .reason("None")
                .user(user)
                .comment("hpcenv:install:" + UID)
                .build();
    }

    private static JobInfo restarted(JobInfo j, int restarts) {
        return JobRecord.from(j).restarts(restarts).build();
    }

    /** The facts of one HpcJob, starting from the baseline; each method changes one. */
    static final class Facts {
        private final HpcJobStatus status = new HpcJobStatus();
        private final HpcJobSpec spec = new HpcJobSpec();
        private Set<Long> retired = Set.of();
        private List<String> problems = List.of();
        private Optional<UserMapping> mapping = Optional.of(ALICE);
        private Optional<JobListing> listing = Optional.of(JobListing.of(LISTED, List.of()));
        private Optional<SyncState.Failure> listingFailure = Optional.empty();
        private ClusterView cluster;
        private EnvironmentView environment = new EnvironmentView.Ready(environment(), "sha256:1");
        private Optional<Long> ledger = Optional.empty();
        private Optional<Instant> uncertainSince = Optional.empty();
        private DependencyPlan.Outcome dependencies = new DependencyPlan.Ready(null);

        Facts array(String expression) {
            spec.setArray(expression);
            return this;
        }

        Facts dependencies(DependencyPlan.Outcome outcome) {
            dependencies = outcome;
            return this;
        }

        Facts phase(HpcJobPhase phase) {
            status.setPhase(phase);
            return this;
        }

        Facts requeue(int times) {
            spec.setRequeue(times);
            return this;
        }

        Facts suspended() {
            spec.setSuspend(true);
            return this;
        }

        Facts known(long jobId) {
            status.setPhase(HpcJobPhase.SUBMITTED);
            status.setSlurmJobId(jobId);
            return this;
        }

        Facts submittedAt(String time) {
            status.setSubmitTime(time);
            return this;
        }

        Facts ledger(long jobId) {
            ledger = Optional.of(jobId);
            return this;
        }

        Facts retired(long jobId) {
            retired = Set.of(jobId);
            return this;
        }

        Facts problems(String... p) {
            problems = List.of(p);
            return this;
        }

        Facts cluster(ClusterView view) {
            cluster = view;
            return this;
        }

        Facts unmapped() {
            mapping = Optional.empty();
            return this;
        }

        Facts listing(JobInfo... jobs) {
            listing = Optional.of(JobListing.of(LISTED, List.of(jobs)));
            return this;
        }

        Facts noListing() {
            listing = Optional.empty();
            return this;
        }

        Facts listingFails() {
            listingFailure = Optional.of(new SyncState.Failure("connection refused", "UNAVAILABLE", 1, LISTED));
            return this;
        }

        Facts environment(EnvironmentView view) {
            environment = view;
            return this;
        }

        Facts uncertainSince(Instant when) {
            uncertainSince = Optional.of(when);
            return this;
        }

        JobFacts build() {
            ClusterView view = cluster != null
                    ? cluster
                    : new ClusterView.Connected(
                            "daint", mapping, listing, listingFailure, mapping.map(UserMapping::getUser));
            return new JobFacts(
                    UID, spec, status, retired, problems, view, environment, ledger, uncertainSince, dependencies);
        }

        private static ResolvedEnvironment environment() {
            ResolvedEnvironment env = new ResolvedEnvironment();
            env.setImage("nvcr.io#nvidia/pytorch:24.01-py3");
            return env;
        }
    }

    /** An action in a few words: its kind and what matters about it. */
    private static final class Description implements JobAction.Handler<String> {
        @Override
        public String keep(JobAction.Keep keep) {
            return "Keep";
        }

        @Override
        public String hold(JobAction.Hold hold) {
            return "Hold "
                    + hold.conditions().stream()
                            .filter(c -> !c.type().wire().equals("Ready"))
                            .map(JobDecisionTest::shortForm)
                            .collect(Collectors.joining(" "));
        }

        @Override
        public String submit(JobAction.Submit submit) {
            return "Submit as " + submit.mapping().getUser()
                    + (submit.dependency() == null ? "" : " dependency=" + submit.dependency());
        }

        @Override
        public String adopt(JobAction.Adopt adopt) {
            return "Adopt " + adopt.job().jobId() + array(adopt.array());
        }

        @Override
        public String follow(JobAction.Follow follow) {
            return "Follow " + follow.job().jobId() + array(follow.array());
        }

        private static String array(ArraySummary a) {
            return a == null
                    ? ""
                    : " array=total " + a.status().getTotal() + ": "
                            + a.status().getRunning() + " running, "
                            + a.status().getPending() + " pending, "
                            + a.status().getSucceeded() + " succeeded, "
                            + a.status().getFailed() + " failed";
        }

        @Override
        public String dependencyFailed(JobAction.DependencyFailed failed) {
            return "DependencyFailed cancel=" + failed.cancel();
        }

        @Override
        public String awaitListing(JobAction.AwaitListing await) {
            return "AwaitListing " + await.jobId();
        }

        @Override
        public String lost(JobAction.Lost lost) {
            return "Lost " + lost.jobId();
        }

        @Override
        public String requeuedTooOften(JobAction.RequeuedTooOften requeued) {
            return "RequeuedTooOften " + requeued.job().jobId() + " restarts="
                    + requeued.job().restartCount() + " allowed=" + requeued.allowed();
        }

        @Override
        public String suspend(JobAction.Suspend suspend) {
            return "Suspend cancel=" + suspend.cancel().stream().sorted().toList() + " retire="
                    + suspend.retire().stream().sorted().toList();
        }
    }

    private static String shortForm(DesiredCondition c) {
        return c.type().wire() + "=" + c.status() + "/" + c.reason();
    }
}
