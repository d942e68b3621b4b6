package dev.hpcenv.edf.image;

import java.util.regex.Pattern;

/**
 * Parses an EDF {@code image}: {@code [USER@][REGISTRY#]REPO[:TAG][@DIGEST]} as the CSCS documentation
 * writes it, the {@code REGISTRY/REPO} form used in practice, and Squashfs paths ({@code /...} or
 * {@code ./...}). Docker Hub is the default registry, with {@code library/} for one-component names.
 */
public final class ImageReferenceParser {
    public static final String DOCKER_HUB = "docker.io";

    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]+)?");
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Fa-f0-9]{32,}");
    private static final Pattern USER = Pattern.compile("[^\\s/#@:]+");

    private ImageReferenceParser() {}

    public static ImageSource parse(String image) throws ImageSyntaxException {
        if (image.startsWith("/") || image.startsWith("./")) {
            return new ImageSource.SquashfsFile(image);
        }
        if (image.isBlank()) {
            throw new ImageSyntaxException("image is empty", "remove the key to inherit the base's image");
        }
        if (image.chars().anyMatch(Character::isWhitespace)) {
            throw new ImageSyntaxException("image '" + image + "' contains whitespace", null);
        }
        if (image.startsWith("../") || image.startsWith("~")) {
            throw new ImageSyntaxException(
                    "image '" + image + "' is neither a registry reference nor a Squashfs path",
                    "start a relative Squashfs path with ./ or write an absolute path");
        }
        if (image.indexOf('#') < 0 && (image.endsWith(".sqsh") || image.endsWith(".squashfs"))) {
            // "data/img.sqsh" would otherwise be read as docker.io/data/img.sqsh:latest.
            throw new ImageSyntaxException(
                    "image '" + image + "' looks like a Squashfs file, but a relative path starts with ./",
                    "write ./" + image + " (relative to the directory the job starts in) or an absolute path");
        }
        String rest = image;
        String digest = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String candidate = rest.substring(at + 1);
            // "user@ubuntu:24.04" also has an '@' and a ':'; only an algorithm name says "digest".
            if (DIGEST.matcher(candidate).matches()
                    || candidate.startsWith("sha256:")
                    || candidate.startsWith("sha512:")) {
                if (!DIGEST.matcher(candidate).matches()) {
                    throw new ImageSyntaxException(
                            "image '" + image + "' has an invalid digest '" + candidate + "'",
                            "write @sha256: followed by 64 hex digits");
                }
                digest = candidate;
                rest = rest.substring(0, at);
            }
        }
        String user = null;
        at = rest.indexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
            if (!USER.matcher(user).matches()) {
                throw new ImageSyntaxException(
                        "image '" + image + "' has an invalid user '" + user + "'", "write USER@REGISTRY#REPO:TAG");
            }
        }
        String registry;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            registry = rest.substring(0, hash);
            rest = rest.substring(hash + 1);
        } else {
            int slash = rest.indexOf('/');
            String first = slash < 0 ? "" : rest.substring(0, slash);
            // Docker's rule: a first component is a registry host when it looks like one.
            if (slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
                registry = first;
                rest = rest.substring(slash + 1);
            } else {
                registry = DOCKER_HUB;
            }
        }
        if (!REGISTRY.matcher(registry).matches()) {
            throw new ImageSyntaxException(
                    "image '" + image + "' has an invalid registry '" + registry + "'",
                    "write REGISTRY#REPO:TAG or REGISTRY/REPO:TAG, e.g. nvcr.io#nvidia/pytorch:24.01-py3");
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0 && colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new ImageSyntaxException(
                        "image '" + image + "' has an invalid tag '" + tag + "'",
                        "a tag has letters, digits, '_', '.' and '-', e.g. ubuntu:24.04");
            }
        }
        String repository = rest;
        if (repository.isEmpty()) {
            throw new ImageSyntaxException("image '" + image + "' names no repository", "e.g. library/ubuntu:24.04");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new ImageSyntaxException(
                        "image '" + image + "' has an invalid repository '" + repository + "'",
                        repository.equals(repository.toLowerCase())
                                ? "repository components are lowercase letters, digits and separators . _ -"
                                : "repository names are lowercase");
            }
        }
        if (DOCKER_HUB.equals(registry) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageSource.Registry(registry, repository, tag, digest, user);
    }
}
