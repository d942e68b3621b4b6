package dev.hpcenv.edf.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tomlj.Toml;

class ShimSiteFileTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            hooks table only                        | '[hooks]\\ndir = "/etc/hpcenv/hooks.d"'           | true
            site device policy, a table             | '[devices]\\ncdi_spec_dirs = ["/etc/cdi"]'        | true
            site keys and the device policy         | 'runtime = "runc"\\n[devices]\\nallowed_paths = []' | true
            an EDF's devices, an array              | 'devices = ["nvidia.com/gpu=all"]'                 | false
            site keys beside an EDF's devices array | 'runtime = "runc"\\ndevices = ["/dev/gdrdrv"]'     | false
            an EDF with an image                    | 'image = "ubuntu:24.04"'                           | false
            an EDF key beside a site key            | 'image = "ubuntu:24.04"\\n[hooks]\\ndir = "/x"'    | false
            neither                                 | 'unknown = 1'                                      | false
            """)
    void aSiteConfigurationIsRecognisedByItsKeysAndTheShapeOfDevices(String what, String text, boolean site) {
        assertThat(ShimSiteFile.matches(Toml.parse(text.replace("\\n", "\n"))))
                .as(what)
                .isEqualTo(site);
    }
}
