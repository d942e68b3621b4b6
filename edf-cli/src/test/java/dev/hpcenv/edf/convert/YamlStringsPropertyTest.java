package dev.hpcenv.edf.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.yaml.snakeyaml.Yaml;

/** Every string in the YAML we write reads back as the same string with a YAML 1.1 reader, as kubectl's does. */
class YamlStringsPropertyTest {

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "yes",
                        "no",
                        "on",
                        "off",
                        "y",
                        "n",
                        "null",
                        "~",
                        "true",
                        "False",
                        "0",
                        "1.5",
                        "0x1F",
                        "1e3",
                        "2024-01-01",
                        ".inf",
                        "NaN",
                        "-",
                        "*x",
                        "&a",
                        "!t",
                        "a: b",
                        "#c",
                        "",
                        " lead",
                        "trail ",
                        "multi\nline",
                        "12:30",
                        "0o17",
                        "+1",
                        "1_000",
                        "${SCRATCH}",
                        "^munge",
                        "a,b",
                        "[x]",
                        "{x}"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12));
    }

    @Property(tries = 300)
    void stringsStayStrings(@ForAll("values") String value) {
        assertThat(readBack(value)).isEqualTo(value);
    }

    @Example
    void kubernetesLookingValuesStayPlain() {
        String yaml = write("nvcr.io/nvidia/pytorch");
        assertThat(yaml).contains("A: nvcr.io/nvidia/pytorch\n");
    }

    private static Object readBack(String value) {
        Map<?, ?> doc = new Yaml().load(write(value));
        return ((Map<?, ?>) ((Map<?, ?>) doc.get("spec")).get("env")).get("A");
    }

    private static String write(String value) {
        EnvironmentSpec spec = new EnvironmentSpec();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("A", value);
        spec.setEnv(env);
        spec.setDevices(List.of(value));
        return CustomResourceWriter.write(new EnvironmentResource(EnvironmentKind.HPC_ENVIRONMENT, "x", null, spec));
    }
}
