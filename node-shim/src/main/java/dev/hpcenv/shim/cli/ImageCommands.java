package dev.hpcenv.shim.cli;

import dev.hpcenv.edf.image.ImageReferenceParser;
import dev.hpcenv.edf.image.ImageSource;
import dev.hpcenv.edf.image.ImageSyntaxException;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.image.ImageReference;
import dev.hpcenv.shim.image.ImageStore;
import dev.hpcenv.shim.image.SquashfsImage;
import dev.hpcenv.shim.image.StoredImage;
import dev.hpcenv.shim.run.ShimContext;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@code pull} and {@code images}: the store seen from the command line. */
final class ImageCommands {
    private final ShimContext ctx;
    private final PrintStream out;

    ImageCommands(ShimContext ctx, PrintStream out) {
        this.ctx = ctx;
        this.out = out;
    }

    int pull(List<String> args) throws InterruptedException {
        if (args.size() != 1) {
            throw ShimException.usage(
                    "pull needs exactly one image reference", "e.g. hpcenv-shim pull nvcr.io#nvidia/pytorch:24.01-py3");
        }
        ImageSource source;
        try {
            source = ImageReferenceParser.parse(args.get(0));
        } catch (ImageSyntaxException e) {
            throw ShimException.environment("image '" + args.get(0) + "': " + e.getMessage(), e.hint());
        }
        if (!(source instanceof ImageSource.Registry r)) {
            throw ShimException.usage(
                    "pull takes a registry reference; '" + args.get(0) + "' is a Squashfs path", null);
        }
        SquashfsImage img = ctx.store().ensure(ImageReference.of(r.toImageRef()));
        out.println(img.digest() + " " + img.path());
        return 0;
    }

    int images(List<String> args) throws IOException {
        ImageStore store = ctx.store();
        String sub = args.isEmpty() ? "list" : args.get(0);
        switch (sub) {
            case "list" -> {
                out.printf(Locale.ROOT, "%-19s  %10s  %-20s  %s%n", "DIGEST", "SIZE", "LAST USED", "REFERENCE");
                for (StoredImage img : store.list()) {
                    out.printf(
                            Locale.ROOT,
                            "%-19s  %10s  %-20s  %s%n",
                            img.digest().substring(0, Math.min(19, img.digest().length())),
                            human(img.sizeBytes()),
                            store.lastUsed(img.digest()).toString().substring(0, 19),
                            img.reference());
                }
                return 0;
            }
            case "rm" -> {
                if (args.size() < 2) {
                    throw ShimException.usage("images rm needs one or more digests (or unique digest prefixes)", null);
                }
                for (String d : args.subList(1, args.size())) {
                    StoredImage img = find(store, d);
                    store.remove(img.digest());
                    out.println("removed " + img.digest() + " " + img.reference());
                }
                return 0;
            }
            case "prune" -> {
                long days = 30;
                if (args.size() == 3 && args.get(1).equals("--unused-days")) {
                    try {
                        days = Long.parseLong(args.get(2));
                    } catch (NumberFormatException e) {
                        throw ShimException.usage("--unused-days needs a whole number of days", null);
                    }
                } else if (args.size() != 1) {
                    throw ShimException.usage("usage: hpcenv-shim images prune [--unused-days N]", null);
                }
                for (StoredImage img : store.prune(Duration.ofDays(days))) {
                    out.println("removed " + img.digest() + " " + img.reference());
                }
                return 0;
            }
            default -> throw ShimException.usage("images: unknown subcommand '" + sub + "'", "use list, rm or prune");
        }
    }

    private static StoredImage find(ImageStore store, String digestOrPrefix) {
        String want = digestOrPrefix.startsWith("sha256:") ? digestOrPrefix : "sha256:" + digestOrPrefix;
        List<StoredImage> matches =
                store.list().stream().filter(i -> i.digest().startsWith(want)).toList();
        if (matches.size() != 1) {
            throw ShimException.usage(
                    "images rm " + digestOrPrefix + ": "
                            + (matches.isEmpty()
                                    ? "no such image"
                                    : "ambiguous prefix (" + matches.size() + " images)"),
                    "see hpcenv-shim images");
        }
        return matches.get(0);
    }

    private static String human(long bytes) {
        if (bytes < 1024 * 1024) {
            return (bytes / 1024) + " KiB";
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
