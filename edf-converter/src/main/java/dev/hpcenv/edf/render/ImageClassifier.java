package dev.hpcenv.edf.render;

import dev.hpcenv.edf.image.ImageReferenceParser;
import dev.hpcenv.edf.image.ImageSource;
import dev.hpcenv.edf.image.ImageSyntaxException;
import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.file.Path;

/**
 * The one place that decides what an expanded {@code image} value names: a registry image
 * ({@code imageRef}) or a Squashfs file ({@code squashfsPath}, anchored to the working directory).
 * Rendering and the node's re-derivation both use it; each reports a syntax error in its own terms.
 */
public final class ImageClassifier {
    private ImageClassifier() {}

    /** Sets {@code imageRef} or {@code squashfsPath} of {@code env} from {@code image} (non-empty, expanded). */
    public static void classify(ResolvedEnvironment env, String image, Path workingDirectory)
            throws ImageSyntaxException {
        ImageSource source = ImageReferenceParser.parse(image);
        if (source instanceof ImageSource.Registry r) {
            env.setImageRef(r.toImageRef());
        } else if (source instanceof ImageSource.SquashfsFile f) {
            env.setSquashfsPath(PathAnchor.anchor(f.path(), workingDirectory));
        }
    }
}
