package dev.hpcenv.edf.mount;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.edf.model.MountSpec;
import dev.hpcenv.model.MountType;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountParserTest {

    @Test
    void sourceTargetAndFlags() throws MountSyntaxException {
        assertThat(MountParser.parse("/etc/slurm:/etc/slurmi:ro"))
                .isEqualTo(new MountSpec("/etc/slurm", "/etc/slurmi", MountType.BIND, List.of("ro")));
        assertThat(MountParser.parse("${SCRATCH}:/s:ro+private"))
                .isEqualTo(new MountSpec("${SCRATCH}", "/s", MountType.BIND, List.of("ro", "private")));
    }

    @Test
    void aLoneSqshFlagIsASquashfsMount() throws MountSyntaxException {
        assertThat(MountParser.parse("${SCRATCH}/data.sqsh:/data:sqsh"))
                .isEqualTo(new MountSpec("${SCRATCH}/data.sqsh", "/data", MountType.SQUASHFS, List.of()));
    }

    @Test
    void aSinglePathMountsAtTheSamePath() throws MountSyntaxException {
        assertThat(MountParser.parse("/capstor/"))
                .isEqualTo(new MountSpec("/capstor/", "/capstor/", MountType.BIND, List.of()));
    }

    @Test
    void colonsInsideVariableDefaultsDoNotSplit() throws MountSyntaxException {
        assertThat(MountParser.parse("${DATA:-/tmp/x}:${TARGET:-/data}:ro"))
                .isEqualTo(new MountSpec("${DATA:-/tmp/x}", "${TARGET:-/data}", MountType.BIND, List.of("ro")));
    }

    @Test
    void formatIsTheInverseOfParse() throws MountSyntaxException {
        for (String text : List.of("/a:/b", "/a:/b:ro+private", "/a.sqsh:/b:sqsh", "${X:-/a}:/b:ro")) {
            assertThat(MountParser.format(MountParser.parse(text))).isEqualTo(text);
        }
    }
}
