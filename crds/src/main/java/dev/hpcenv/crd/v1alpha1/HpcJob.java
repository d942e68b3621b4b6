package dev.hpcenv.crd.v1alpha1;

import dev.hpcenv.crd.CrdConstants;
import dev.hpcenv.crd.build.IntegerFormats;
import dev.hpcenv.crd.build.MountConstraints;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A command in an environment, run as a Slurm job on a SlurmCluster. */
@Group(CrdConstants.GROUP)
@SchemaCustomizer(value = IntegerFormats.class, input = "dev.hpcenv.crd.v1alpha1.HpcJob")
@SchemaCustomizer(value = MountConstraints.class, input = "dev.hpcenv.crd.v1alpha1.HpcJob")
@Version(CrdConstants.VERSION)
@Kind("HpcJob")
@Singular("hpcjob")
@Plural("hpcjobs")
@ShortNames("hpcjob")
@Categories(CrdConstants.CATEGORY)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "JobID", jsonPath = ".status.slurmJobId", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Exit", jsonPath = ".status.exitCode", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Progress",
        jsonPath = ".status.progress.summary",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Cluster",
        jsonPath = ".spec.clusterRef.name",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Nodes",
        jsonPath = ".status.nodes",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "State",
        jsonPath = ".status.slurmState",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class HpcJob extends CustomResource<HpcJobSpec, HpcJobStatus> implements Namespaced {}
