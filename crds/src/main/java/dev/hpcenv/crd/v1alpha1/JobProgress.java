package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Size;

/**
 * What the compute nodes reported while the job prepared and ran (docs/job-output.md): the image
 * pull and the tasks. Written by the operator from the shims' progress events.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"summary", "image", "tasks"})
public class JobProgress {
    @Size(max = 256)
    @JsonPropertyDescription("One line for the Progress column, e.g. 'pulling 42% of 210 MB', 'unpacking', "
            + "'running 4/4 tasks', 'pull failed'.")
    private String summary;

    @JsonPropertyDescription(
            "The image pull of the job's first node to report one; absent when the image was " + "stored already.")
    private ImagePull image;

    @JsonPropertyDescription("The job's tasks as their shims reported them.")
    private TaskProgress tasks;

    public String getSummary() {
        return summary;
    }

    public void setSummary(String summary) {
        this.summary = summary;
    }

    public ImagePull getImage() {
        return image;
    }

    public void setImage(ImagePull image) {
        this.image = image;
    }

    public TaskProgress getTasks() {
        return tasks;
    }

    public void setTasks(TaskProgress tasks) {
        this.tasks = tasks;
    }
}
