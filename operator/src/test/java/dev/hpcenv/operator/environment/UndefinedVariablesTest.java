package dev.hpcenv.operator.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.model.ResolvedEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UndefinedVariablesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            emptyValue = "",
            value = {
                "/plain/path                      | ",
                "${HOME}/.bash_history            | ",
                "${USER}:${LOGNAME}:${SHELL}      | ",
                "${PWD}/data                      | ",
                "${SLURM_JOB_ID}-${SLURMD_NODENAME} | ",
                "${HPCENV_HPCJOB}                 | ",
                "${SCRATCH}                       | SCRATCH",
                "${SCRATCH}/${PROJECT}            | SCRATCH PROJECT",
                "${UNSET:-/tmp}                   | ",
                "${UNSET:-${ALSO_UNSET}}          | ALSO_UNSET",
                "${HOME:-${NEVER_LOOKED_AT}}      | ",
                "$$SCRATCH                        | ",
                "${SITE_DIR}                      | "
            })
    void findsReferencesNoNodeDefines(String source, String expected) {
        ResolvedEnvironment env = new ResolvedEnvironment();
        env.setMounts(new ArrayList<>(List.of(new Mount(source, "/t", MountType.BIND, List.of()))));
        List<String> names = UndefinedVariables.find(env, new NodeVariables(List.of("SITE_DIR"))).stream()
                .map(UndefinedVariables.Use::name)
                .toList();
        assertThat(names).isEqualTo(expected == null ? List.of() : Arrays.asList(expected.split(" ")));
    }

    @org.junit.jupiter.api.Test
    void namesTheFieldOfEachUse() {
        ResolvedEnvironment env = new ResolvedEnvironment();
        env.setWorkdir("${WORK}/run");
        env.setMounts(new ArrayList<>(List.of(new Mount("/a", "${TARGET}", MountType.BIND, List.of()))));
        env.setEnv(new java.util.LinkedHashMap<>(Map.of("LD_LIBRARY_PATH", "${LD_LIBRARY_PATH}:/opt/lib")));
        env.setAnnotations(new java.util.LinkedHashMap<>(Map.of("com.hooks.ssh.authorize_ssh_key", "${KEYS}/k.pub")));
        env.setDevices(new ArrayList<>(List.of("${DEV}")));
        assertThat(UndefinedVariables.find(env, NodeVariables.withoutSite()))
                .map(Object::toString)
                .containsExactly(
                        "${WORK} in workdir",
                        "${TARGET} in mounts[0].target",
                        "${LD_LIBRARY_PATH} in env.LD_LIBRARY_PATH",
                        "${KEYS} in annotations.com.hooks.ssh.authorize_ssh_key",
                        "${DEV} in devices[0]");
    }
}
