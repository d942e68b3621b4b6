package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** An image pull on a compute node, as the shim reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"phase", "image", "node", "bytesDone", "bytesTotal", "bytesPerSecond", "percent", "message"})
public class ImagePull {
    @Pattern("^(Waiting|Pulling|Unpacking|Squashing|Done|Failed)$")
    @JsonPropertyDescription(
            "Waiting (for another import of the image), Pulling, Unpacking, Squashing, Done or " + "Failed.")
    private String phase;

    @Size(max = 1024)
    @JsonPropertyDescription("The image reference.")
    private String image;

    @Size(max = 253)
    @JsonPropertyDescription("The node that reported the pull.")
    private String node;

    @Min(0)
    @JsonPropertyDescription("Bytes downloaded so far.")
    private Long bytesDone;

    @Min(0)
    @JsonPropertyDescription("Bytes of the image's layers and configuration, when the registry said.")
    private Long bytesTotal;

    @Min(0)
    @JsonPropertyDescription("Download rate over the last report, in bytes per second.")
    private Long bytesPerSecond;

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("bytesDone of bytesTotal, 0 to 100.")
    private Integer percent;

    @Size(max = 1024)
    @JsonPropertyDescription("The shim's own line: why a pull failed, or what it waits for.")
    private String message;

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public Long getBytesDone() {
        return bytesDone;
    }

    public void setBytesDone(Long bytesDone) {
        this.bytesDone = bytesDone;
    }

    public Long getBytesTotal() {
        return bytesTotal;
    }

    public void setBytesTotal(Long bytesTotal) {
        this.bytesTotal = bytesTotal;
    }

    public Long getBytesPerSecond() {
        return bytesPerSecond;
    }

    public void setBytesPerSecond(Long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    public Integer getPercent() {
        return percent;
    }

    public void setPercent(Integer percent) {
        this.percent = percent;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
