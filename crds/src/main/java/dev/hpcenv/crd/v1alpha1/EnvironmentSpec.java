package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hpcenv.model.Mount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec of HpcEnvironment and ClusterHpcEnvironment: an EDF in Kubernetes form. Unset fields
 * (null) are inherited from the base environments, as an absent key is in an EDF.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({
    "baseEnvironments",
    "image",
    "containerfile",
    "workdir",
    "entrypoint",
    "writable",
    "mounts",
    "env",
    "annotations",
    "devices"
})
public class EnvironmentSpec {
    @JsonPropertyDescription(
            "Environments this one inherits from, applied in order before this one (EDF base_environment). "
                    + "A name is looked up in the same namespace first, then among ClusterHpcEnvironments.")
    private List<String> baseEnvironments = new ArrayList<>();

    @JsonPropertyDescription("Registry reference ([USER@][REGISTRY#|REGISTRY/]REPO[:TAG][@sha256:...]) or an absolute "
            + "path to a Squashfs file on the nodes.")
    private String image;

    @JsonPropertyDescription(
            "Containerfile that builds the image when image is a Squashfs path that does not exist yet.")
    private String containerfile;

    @JsonPropertyDescription("Initial working directory in the container; the image's when unset.")
    private String workdir;

    @JsonPropertyDescription("Run the image's entrypoint (default false).")
    private Boolean entrypoint;

    @JsonPropertyDescription(
            "Give the container a writable overlay (default true); false makes its file system read-only.")
    private Boolean writable;

    @JsonPropertyDescription(
            "Mounts, appended to those of the bases; a mount with the same target replaces the inherited one.")
    private List<Mount> mounts = new ArrayList<>();

    @JsonPropertyDescription("Environment variables; an empty value unsets the variable, also one set by a base.")
    private Map<String, String> env = new LinkedHashMap<>();

    @JsonPropertyDescription(
            "Annotations with flat dotted keys and string values, e.g. com.hooks.cxi.enabled: \"true\".")
    private Map<String, String> annotations = new LinkedHashMap<>();

    @JsonPropertyDescription("Devices for the container, e.g. nvidia.com/gpu=all (CDI names) or /dev/gdrdrv.")
    private List<String> devices = new ArrayList<>();

    public List<String> getBaseEnvironments() {
        return baseEnvironments;
    }

    public void setBaseEnvironments(List<String> baseEnvironments) {
        this.baseEnvironments = baseEnvironments == null ? new ArrayList<>() : baseEnvironments;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
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

    public Boolean getEntrypoint() {
        return entrypoint;
    }

    public void setEntrypoint(Boolean entrypoint) {
        this.entrypoint = entrypoint;
    }

    public Boolean getWritable() {
        return writable;
    }

    public void setWritable(Boolean writable) {
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
}
