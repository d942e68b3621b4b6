/*
 * The memory sampler service (the paper's LDMS sampler role): every SAMPLER_PERIOD_MS (default 100)
 * milliseconds it appends the node's free memory (MemAvailable of /proc/meminfo, in kB) with a
 * wall-clock timestamp to $PIPELINE_DIR/samples/NODE.csv, until SIGTERM or SIGINT.
 *
 *   sampler           sample (the service)
 *   sampler --ready   exit 0 when this node's file holds a sample (the service's readiness check)
 *
 * NODE is Slurm's SLURMD_NODENAME, else the host name: the name the simulator records per rank.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopping = 0;

static void on_signal(int sig) {
    (void)sig;
    stopping = 1;
}

static int node_name(char *out, size_t len) {
    const char *slurm = getenv("SLURMD_NODENAME");
    if (slurm != NULL && *slurm != '\0') {
        snprintf(out, len, "%s", slurm);
    } else if (gethostname(out, len - 1) != 0) {
        return -1;
    }
    out[len - 1] = '\0';
    /* The name becomes a file name and a CSV field. */
    if (out[0] == '\0' || out[0] == '.' || strpbrk(out, "/,\n \t") != NULL) {
        fprintf(stderr, "sampler: node name '%.64s' is not usable as a file name\n", out);
        return -1;
    }
    return 0;
}

static long mem_available_kb(void) {
    FILE *f = fopen("/proc/meminfo", "r");
    if (f == NULL) {
        return -1;
    }
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1) {
            break;
        }
    }
    fclose(f);
    return kb;
}

int main(int argc, char **argv) {
    const char *dir = getenv("PIPELINE_DIR");
    if (dir == NULL || *dir == '\0') {
        fprintf(stderr, "sampler: PIPELINE_DIR is not set (hint: the environment pipeline-base sets it)\n");
        return 2;
    }
    char node[64], samples[4096], path[4200];
    if (node_name(node, sizeof node) != 0) {
        return 2;
    }
    snprintf(samples, sizeof samples, "%s/samples", dir);
    snprintf(path, sizeof path, "%s/%s.csv", samples, node);

    if (argc == 2 && strcmp(argv[1], "--ready") == 0) {
        struct stat st;
        /* The header is 24 bytes; anything beyond it is a sample. */
        return stat(path, &st) == 0 && st.st_size > 24 ? 0 : 1;
    }
    if (argc != 1) {
        fprintf(stderr, "usage: sampler [--ready]\n");
        return 2;
    }
    long period_ms = 100;
    const char *period = getenv("SAMPLER_PERIOD_MS");
    if (period != NULL && *period != '\0') {
        char *end;
        period_ms = strtol(period, &end, 10);
        if (*end != '\0' || period_ms < 10 || period_ms > 60000) {
            fprintf(stderr, "sampler: SAMPLER_PERIOD_MS=%.32s: not a whole number of milliseconds in 10..60000\n",
                    period);
            return 2;
        }
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    if (mkdir(samples, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "sampler: cannot create %s: %s\n", samples, strerror(errno));
        return 1;
    }
    FILE *out = fopen(path, "w");
    if (out == NULL) {
        fprintf(stderr, "sampler: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    fprintf(out, "time_s,memavailable_kb\n");
    fflush(out);
    fprintf(stderr, "sampler: node %s, every %ld ms, into %s\n", node, period_ms, path);

    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    long count = 0;
    while (!stopping) {
        long kb = mem_available_kb();
        if (kb < 0) {
            fprintf(stderr, "sampler: no MemAvailable in /proc/meminfo\n");
            fclose(out);
            return 1;
        }
        struct timespec wall;
        clock_gettime(CLOCK_REALTIME, &wall);
        /* One line, one write: the aggregator reads the file while it grows. */
        char line[64];
        int n = snprintf(line, sizeof line, "%lld.%03ld,%ld\n", (long long)wall.tv_sec, wall.tv_nsec / 1000000, kb);
        if (fwrite(line, 1, (size_t)n, out) != (size_t)n || fflush(out) != 0) {
            fprintf(stderr, "sampler: cannot write %s: %s\n", path, strerror(errno));
            fclose(out);
            return 1;
        }
        count++;
        next.tv_nsec += period_ms * 1000000L;
        next.tv_sec += next.tv_nsec / 1000000000L;
        next.tv_nsec %= 1000000000L;
        while (!stopping && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {
        }
    }
    fclose(out);
    fprintf(stderr, "sampler: stopped after %ld samples\n", count);
    return 0;
}
