/*
 * The paper's bulk-synchronous-parallel (BSP) application simulator: in every step each rank sleeps
 * a random interval (its "computation") and then waits in MPI_Barrier for the slowest rank. Rank 0
 * gathers every rank's timings and prints, per step, the barrier wait (min, max, mean over ranks).
 *
 *   bsp [DIR]     DIR (default $PIPELINE_DIR) holds the input deck `deck` written by the setup stage
 *
 * Outputs in DIR, each written to a temporary name and renamed, bsp-run.txt last (it marks a
 * complete run): bsp-ranks.csv (one row per step and rank), bsp-steps.csv (one row per step),
 * bsp-run.txt (ranks, steps, nodes, start and end). Times are wall-clock seconds since the epoch,
 * so that validate can put them beside the memory samples of the nodes.
 */
#include <errno.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NAME_LEN 64
#define MAX_STEPS 10000
#define MAX_INTERVAL_MS 60000

struct deck {
    long steps, seed, min_ms, max_ms;
};

struct sample {
    double start, sleep_ms, wait_ms, end;
};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* xorshift64*: the same stream for the same seed and rank on every system, unlike rand(). */
static uint64_t next_random(uint64_t *state) {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545F4914F6CDD1DULL;
}

static int parse_long(const char *text, long lo, long hi, long *out) {
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < lo || v > hi) {
        return -1;
    }
    *out = v;
    return 0;
}

/* Reads key=value lines; prints one line naming the file, line and limit for each problem. */
static int read_deck(const char *path, struct deck *d) {
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "bsp: cannot read the input deck %s: %s (hint: run the setup stage first)\n", path,
                strerror(errno));
        return -1;
    }
    char line[256];
    int n = 0, bad = 0;
    d->steps = d->seed = d->min_ms = d->max_ms = -1;
    while (fgets(line, sizeof line, f) != NULL) {
        n++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#') {
            continue;
        }
        char *eq = strchr(line, '=');
        if (eq == NULL) {
            fprintf(stderr, "bsp: %s:%d: expected key=value\n", path, n);
            bad = 1;
            continue;
        }
        *eq = '\0';
        const char *key = line, *value = eq + 1;
        long *slot;
        long hi;
        if (strcmp(key, "steps") == 0) {
            slot = &d->steps, hi = MAX_STEPS;
        } else if (strcmp(key, "seed") == 0) {
            slot = &d->seed, hi = 4294967295L;
        } else if (strcmp(key, "min_ms") == 0) {
            slot = &d->min_ms, hi = MAX_INTERVAL_MS;
        } else if (strcmp(key, "max_ms") == 0) {
            slot = &d->max_ms, hi = MAX_INTERVAL_MS;
        } else {
            fprintf(stderr, "bsp: %s:%d: unknown key '%.32s' (keys: steps, seed, min_ms, max_ms)\n", path, n, key);
            bad = 1;
            continue;
        }
        if (parse_long(value, strcmp(key, "steps") == 0 ? 1 : 0, hi, slot) != 0) {
            fprintf(stderr, "bsp: %s:%d: %s=%.32s: not a whole number in %d..%ld\n", path, n, key, value,
                    strcmp(key, "steps") == 0 ? 1 : 0, hi);
            bad = 1;
        }
    }
    fclose(f);
    if (!bad && (d->steps < 0 || d->seed < 0 || d->min_ms < 0 || d->max_ms < 0)) {
        fprintf(stderr, "bsp: %s: steps, seed, min_ms and max_ms are all required\n", path);
        bad = 1;
    }
    if (!bad && d->min_ms > d->max_ms) {
        fprintf(stderr, "bsp: %s: min_ms %ld is above max_ms %ld\n", path, d->min_ms, d->max_ms);
        bad = 1;
    }
    return bad ? -1 : 0;
}

static void sleep_ms(double ms) {
    struct timespec t = {(time_t)(ms / 1000), (long)((ms - 1000.0 * (long)(ms / 1000)) * 1e6)};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

/* The node's name as the sampler spells it: Slurm's SLURMD_NODENAME, else the host name. */
static void node_name(char out[NAME_LEN]) {
    const char *slurm = getenv("SLURMD_NODENAME");
    if (slurm != NULL && *slurm != '\0') {
        snprintf(out, NAME_LEN, "%s", slurm);
    } else if (gethostname(out, NAME_LEN - 1) != 0) {
        snprintf(out, NAME_LEN, "unknown");
    }
    out[NAME_LEN - 1] = '\0';
}

static FILE *open_output(const char *dir, const char *name, char *tmp, size_t len) {
    snprintf(tmp, len, "%s/.%s.tmp", dir, name);
    FILE *f = fopen(tmp, "w");
    if (f == NULL) {
        fprintf(stderr, "bsp: cannot write %s: %s\n", tmp, strerror(errno));
    }
    return f;
}

static int close_output(FILE *f, const char *dir, const char *name, const char *tmp) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "bsp: cannot write %s: %s\n", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int write_outputs(const char *dir, const struct deck *d, int size, const char *names,
                         const struct sample *all) {
    char tmp[4096];
    FILE *ranks = open_output(dir, "bsp-ranks.csv", tmp, sizeof tmp);
    if (ranks == NULL) {
        return -1;
    }
    fprintf(ranks, "step,rank,node,start_s,sleep_ms,wait_ms,end_s\n");
    for (long s = 0; s < d->steps; s++) {
        for (int r = 0; r < size; r++) {
            const struct sample *x = &all[s * size + r];
            fprintf(ranks, "%ld,%d,%s,%.6f,%.3f,%.3f,%.6f\n", s + 1, r, names + r * NAME_LEN, x->start, x->sleep_ms,
                    x->wait_ms, x->end);
        }
    }
    if (close_output(ranks, dir, "bsp-ranks.csv", tmp) != 0) {
        return -1;
    }
    FILE *steps = open_output(dir, "bsp-steps.csv", tmp, sizeof tmp);
    if (steps == NULL) {
        return -1;
    }
    fprintf(steps, "step,start_s,end_s,wait_min_ms,wait_max_ms,wait_mean_ms\n");
    for (long s = 0; s < d->steps; s++) {
        const struct sample *row = &all[s * size];
        double start = row[0].start, end = row[0].end, lo = row[0].wait_ms, hi = row[0].wait_ms, sum = 0;
        for (int r = 0; r < size; r++) {
            start = row[r].start < start ? row[r].start : start;
            end = row[r].end > end ? row[r].end : end;
            lo = row[r].wait_ms < lo ? row[r].wait_ms : lo;
            hi = row[r].wait_ms > hi ? row[r].wait_ms : hi;
            sum += row[r].wait_ms;
        }
        fprintf(steps, "%ld,%.6f,%.6f,%.3f,%.3f,%.3f\n", s + 1, start, end, lo, hi, sum / size);
        printf("bsp: step %ld: barrier wait over %d ranks: min %.1f ms, max %.1f ms, mean %.1f ms\n", s + 1, size, lo,
               hi, sum / size);
    }
    if (close_output(steps, dir, "bsp-steps.csv", tmp) != 0) {
        return -1;
    }
    FILE *run = open_output(dir, "bsp-run.txt", tmp, sizeof tmp);
    if (run == NULL) {
        return -1;
    }
    fprintf(run, "ranks=%d\nsteps=%ld\nnodes=", size, d->steps);
    /* The distinct nodes, in rank order. */
    for (int r = 0, first = 1; r < size; r++) {
        int again = 0;
        for (int q = 0; q < r; q++) {
            again |= strcmp(names + q * NAME_LEN, names + r * NAME_LEN) == 0;
        }
        if (!again) {
            fprintf(run, "%s%s", first ? "" : " ", names + r * NAME_LEN);
            first = 0;
        }
    }
    fprintf(run, "\nstart_s=%.6f\nend_s=%.6f\n", all[0].start, all[(d->steps - 1) * size].end);
    return close_output(run, dir, "bsp-run.txt", tmp);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    const char *dir = argc > 1 ? argv[1] : getenv("PIPELINE_DIR");
    long deck_values[5] = {0};
    if (rank == 0) {
        struct deck d;
        char path[4096];
        if (dir == NULL || *dir == '\0') {
            fprintf(stderr, "bsp: no directory: give it as the argument or in PIPELINE_DIR\n");
        } else if (snprintf(path, sizeof path, "%s/deck", dir) < (int)sizeof path && read_deck(path, &d) == 0) {
            deck_values[0] = 1, deck_values[1] = d.steps, deck_values[2] = d.seed;
            deck_values[3] = d.min_ms, deck_values[4] = d.max_ms;
        }
    }
    /* Every rank learns whether the deck was good, so that all of them end the same way. */
    MPI_Bcast(deck_values, 5, MPI_LONG, 0, MPI_COMM_WORLD);
    if (deck_values[0] != 1) {
        MPI_Finalize();
        return 1;
    }
    struct deck d = {deck_values[1], deck_values[2], deck_values[3], deck_values[4]};

    char name[NAME_LEN] = {0};
    node_name(name);
    char *names = rank == 0 ? calloc((size_t)size, NAME_LEN) : NULL;
    MPI_Gather(name, NAME_LEN, MPI_CHAR, names, NAME_LEN, MPI_CHAR, 0, MPI_COMM_WORLD);

    uint64_t state = ((uint64_t)d.seed << 16) ^ (uint64_t)(rank + 1) * 0x9E3779B97F4A7C15ULL;
    state = state != 0 ? state : 1;
    struct sample *all = rank == 0 ? calloc((size_t)(d.steps * size), sizeof *all) : NULL;
    if (rank == 0) {
        printf("bsp: %d ranks, %ld steps, sleep %ld..%ld ms, seed %ld\n", size, d.steps, d.min_ms, d.max_ms, d.seed);
        fflush(stdout);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    for (long s = 0; s < d.steps; s++) {
        struct sample mine;
        mine.start = now();
        mine.sleep_ms = (double)d.min_ms + (double)(next_random(&state) % 1000001) / 1e6 * (double)(d.max_ms - d.min_ms);
        sleep_ms(mine.sleep_ms);
        double before = now();
        MPI_Barrier(MPI_COMM_WORLD);
        mine.end = now();
        mine.wait_ms = (mine.end - before) * 1000.0;
        MPI_Gather(&mine, 4, MPI_DOUBLE, rank == 0 ? &all[s * size] : NULL, 4, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    }
    int status = 0;
    if (rank == 0) {
        status = write_outputs(dir, &d, size, names, all) == 0 ? 0 : 1;
        if (status == 0) {
            printf("bsp: wrote %s/bsp-ranks.csv, bsp-steps.csv and bsp-run.txt\n", dir);
        }
        fflush(stdout);
    }
    MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
    free(all);
    free(names);
    MPI_Finalize();
    return status;
}
