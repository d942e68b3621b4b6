package dev.hpcenv.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An environment with every base merged in: the output of {@code edf render}, the status of an
 * HpcEnvironment, and the JSON the operator hands to {@code hpcenv-shim run --spec-env}.
 * The field set and order are a contract between those three; change them together.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
    "image",
    "imageRef",
    "squashfsPath",
    "containerfile",
    "workdir",
    "entrypoint",
    "writable",
    "mounts",
    "env",
    "unsetEnv",
    "annotations",
    "devices",
    "bases"
})
public class ResolvedEnvironment {
    @JsonPropertyDescription("The image as written (after expansion when expanded).")
    private String image;

    @JsonPropertyDescription("The image as a registry reference; null for a Squashfs path or no image.")
    private ImageRef imageRef;

    @JsonPropertyDescription("Absolute path of a Squashfs image file; null for a registry image.")
    private String squashfsPath;

    @JsonPropertyDescription("Containerfile that builds the image, when the image is built rather than pulled.")
    private String containerfile;

    @JsonPropertyDescription("Initial working directory in the container; the image's when null.")
    private String workdir;

    @JsonPropertyDescription("Whether the image's entrypoint runs.")
    private boolean entrypoint;

    @JsonPropertyDescription("Whether the container gets a writable overlay.")
    private boolean writable = true;

    @JsonPropertyDescription("Mounts in the order they are made, bases first.")
    private List<Mount> mounts = new ArrayList<>();

    @JsonPropertyDescription("Variables set in the container.")
    private Map<String, String> env = new LinkedHashMap<>();

    @JsonPropertyDescription("Variables removed from the container (an empty value in an EDF [env] table).")
    private List<String> unsetEnv = new ArrayList<>();

    @JsonPropertyDescription("Annotations (hook switches and their settings), merged key by key.")
    private Map<String, String> annotations = new LinkedHashMap<>();

    @JsonPropertyDescription("Devices for the container (CDI names or device paths).")
    private List<String> devices = new ArrayList<>();

    @JsonPropertyDescription("The environments applied, bases first, in resolution order.")
    private List<String> bases = new ArrayList<>();

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ImageRef getImageRef() {
        return imageRef;
    }

    public void setImageRef(ImageRef imageRef) {
        this.imageRef = imageRef;
    }

    public String getSquashfsPath() {
        return squashfsPath;
    }

    public void setSquashfsPath(String squashfsPath) {
        this.squashfsPath = squashfsPath;
    }

    public String getContainerfile() {
        return containerfile;
    }

    public void setContainerfile(String containerfile) {
        this.containerfile = containerfile;
    }

    public String getWorkdir() {
        return workdir;
    }

    public void setWorkdir(String workdir) {
        this.workdir = workdir;
    }

    public boolean isEntrypoint() {
        return entrypoint;
    }

    public void setEntrypoint(boolean entrypoint) {
        this.entrypoint = entrypoint;
    }

    public boolean isWritable() {
        return writable;
    }

    public void setWritable(boolean writable) {
        this.writable = writable;
    }

    public List<Mount> getMounts() {
        return mounts;
    }

    public void setMounts(List<Mount> mounts) {
        this.mounts = mounts == null ? new ArrayList<>() : mounts;
    }

    public Map<String, String> getEnv() {
        return env;
    }

    public void setEnv(Map<String, String> env) {
        this.env = env == null ? new LinkedHashMap<>() : env;
    }

    public List<String> getUnsetEnv() {
        return unsetEnv;
    }

    public void setUnsetEnv(List<String> unsetEnv) {
        this.unsetEnv = unsetEnv == null ? new ArrayList<>() : unsetEnv;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations == null ? new LinkedHashMap<>() : annotations;
    }

    public List<String> getDevices() {
        return devices;
    }

    public void setDevices(List<String> devices) {
        this.devices = devices == null ? new ArrayList<>() : devices;
    }

    public List<String> getBases() {
        return bases;
    }

    public void setBases(List<String> bases) {
        this.bases = bases == null ? new ArrayList<>() : bases;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResolvedEnvironment r
                && Objects.equals(image, r.image)
                && Objects.equals(imageRef, r.imageRef)
                && Objects.equals(squashfsPath, r.squashfsPath)
                && Objects.equals(containerfile, r.containerfile)
                && Objects.equals(workdir, r.workdir)
                && entrypoint == r.entrypoint
                && writable == r.writable
                && mounts.equals(r.mounts)
                && env.equals(r.env)
                && unsetEnv.equals(r.unsetEnv)
                && annotations.equals(r.annotations)
                && devices.equals(r.devices)
                && bases.equals(r.bases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                image,
                imageRef,
                squashfsPath,
                containerfile,
                workdir,
                entrypoint,
                writable,
                mounts,
                env,
                unsetEnv,
                annotations,
                devices,
                bases);
    }
}
