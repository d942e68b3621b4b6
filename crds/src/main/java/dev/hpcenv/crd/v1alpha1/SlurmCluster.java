package dev.hpcenv.crd.v1alpha1;

import dev.hpcenv.crd.CrdConstants;
import dev.hpcenv.crd.build.IntegerFormats;
import dev.hpcenv.crd.build.UniqueNamespaces;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Slurm cluster reached through slurmrestd, with the admins' namespace to user mapping. */
@Group(CrdConstants.GROUP)
@SchemaCustomizer(value = IntegerFormats.class, input = "dev.hpcenv.crd.v1alpha1.SlurmCluster")
@SchemaCustomizer(value = UniqueNamespaces.class)
@Version(CrdConstants.VERSION)
@Kind("SlurmCluster")
@Singular("slurmcluster")
@Plural("slurmclusters")
@ShortNames("slurm")
@Categories(CrdConstants.CATEGORY)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".spec.url", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "API", jsonPath = ".status.apiVersion", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Slurm",
        jsonPath = ".status.slurmVersion",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Reachable",
        jsonPath = ".status.reachable",
        type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class SlurmCluster extends CustomResource<SlurmClusterSpec, SlurmClusterStatus> {}
