package dev.hpcenv.edf.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            nullValues = "-",
            value = {
                // image, registry, repository, tag, digest, user
                "ubuntu, docker.io, library/ubuntu, latest, -, -",
                "ubuntu:24.04, docker.io, library/ubuntu, 24.04, -, -",
                "library/ubuntu:24.04, docker.io, library/ubuntu, 24.04, -, -",
                "docker.io#library/ubuntu:24.04, docker.io, library/ubuntu, 24.04, -, -",
                "docker.io#ubuntu:24.04, docker.io, library/ubuntu, 24.04, -, -",
                "docker.io/ubuntu:24.04, docker.io, library/ubuntu, 24.04, -, -",
                "nvcr.io#nvidia/pytorch:22.12-py3, nvcr.io, nvidia/pytorch, 22.12-py3, -, -",
                "nvcr.io/nvidia/pytorch:25.11-py3, nvcr.io, nvidia/pytorch, 25.11-py3, -, -",
                "nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0-ubuntu22.04, nvcr.io, nvidia/k8s/cuda-sample,"
                        + " vectoradd-cuda12.5.0-ubuntu22.04, -, -",
                "nvidia/cuda:12.5.1-devel-ubuntu24.04, docker.io, nvidia/cuda, 12.5.1-devel-ubuntu24.04, -, -",
                "localhost:5000/busybox:1, localhost:5000, busybox, 1, -, -",
                "localhost/busybox, localhost, busybox, latest, -, -",
                "alice@quay.io#madeeks/osu-mb:6.2, quay.io, madeeks/osu-mb, 6.2, -, alice",
                "alice@ubuntu:24.04, docker.io, library/ubuntu, 24.04, -, alice",
                "ubuntu@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, docker.io, library/ubuntu,"
                        + " -, sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, -",
                "bob@ghcr.io/org/img:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, ghcr.io,"
                        + " org/img, v1, sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, bob",
            })
    void parsesRegistryReferences(
            String image, String registry, String repository, String tag, String digest, String user)
            throws ImageSyntaxException {
        assertThat(ImageReferenceParser.parse(image))
                .isEqualTo(new ImageSource.Registry(registry, repository, tag, digest, user));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/capstor/img.sqsh", "./img.sqsh", "/<path to image directory>/<image_name.sqsh>"})
    void pathsAreSquashfsFiles(String image) throws ImageSyntaxException {
        assertThat(ImageReferenceParser.parse(image)).isEqualTo(new ImageSource.SquashfsFile(image));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "alpine: *19",
                "Ubuntu:24.04",
                "ubuntu:",
                "nvcr.io#",
                "../img.sqsh",
                "img.sqsh:",
                "ubuntu@sha256:xyz",
                "ubuntu:bad/tag",
                "a b"
            })
    void rejectsInvalidReferences(String image) {
        assertThatThrownBy(() -> ImageReferenceParser.parse(image))
                .isInstanceOf(ImageSyntaxException.class)
                .hasMessageContaining("'" + image + "'");
    }
}
