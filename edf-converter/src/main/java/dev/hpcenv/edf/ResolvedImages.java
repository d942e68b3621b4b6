package dev.hpcenv.edf;

import dev.hpcenv.edf.image.ImageSyntaxException;
import dev.hpcenv.edf.render.ImageClassifier;
import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.file.Path;

/** Re-derives {@code imageRef} and {@code squashfsPath} from an (expanded) image string, e.g. on the node. */
public final class ResolvedImages {
    private ResolvedImages() {}

    /**
     * Sets {@code imageRef} or {@code squashfsPath} of {@code env} from {@code env.getImage()}; both null when
     * there is no image.
     *
     * @param sourceName names the environment in an error, e.g. {@code HPCENV_SPEC}
     */
    public static void rederive(ResolvedEnvironment env, Path workingDirectory, String sourceName) throws EdfException {
        env.setImageRef(null);
        env.setSquashfsPath(null);
        String image = env.getImage();
        if (image == null || image.isEmpty()) {
            return;
        }
        try {
            ImageClassifier.classify(env, image, workingDirectory);
        } catch (ImageSyntaxException e) {
            throw new EdfException(Diagnostic.error(sourceName, 0, 0, "image: " + e.getMessage(), e.hint()));
        }
    }
}
