# syntax=docker/dockerfile:1
# The hpcenv operator image: `docker build -t REGISTRY/hpcenv-operator:TAG .` from the repository root.
# Stage 1 builds the operator and the modules it needs with Maven; stage 2 is a JRE with the operator's
# jar and its lib/ directory (the jar's manifest names every library there, as bin/hpcenv-operator uses
# it), run as a non-root user. The Helm chart runs it with a read-only root file system and /tmp on an
# emptyDir.

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds (BuildKit); tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q -pl operator -am package -DskipTests \
 && mkdir -p /out/operator \
 && cp operator/target/hpcenv-operator.jar /out/operator/ \
 && cp -r operator/target/lib /out/operator/lib \
 && cp operator/jvm.options /out/operator/

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="hpcenv-operator" \
      org.opencontainers.image.description="Runs HpcJobs (HPC environments as Kubernetes resources) on Slurm through slurmrestd"
# 65532 is the chart's runAsUser; the numeric USER lets runAsNonRoot be verified by the kubelet.
RUN groupadd --gid 65532 hpcenv \
 && useradd --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin hpcenv
COPY --from=build --chown=0:0 /out/operator /opt/hpcenv/operator
USER 65532:65532
EXPOSE 8080
# jvm.options: collector and JIT (operator/jvm.options, shared with the launcher and the benchmark).
# -XX:-UsePerfData: no hsperfdata files (the root file system is read-only); heap sizing comes from
# JAVA_TOOL_OPTIONS (the chart's operator.javaOptions). The operator stops cleanly on SIGTERM.
ENTRYPOINT ["java", "@/opt/hpcenv/operator/jvm.options", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError", \
            "-jar", "/opt/hpcenv/operator/hpcenv-operator.jar"]
