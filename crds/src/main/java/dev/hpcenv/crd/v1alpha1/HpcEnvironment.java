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

/** A user environment (an EDF) in a namespace. */
@Group(CrdConstants.GROUP)
@SchemaCustomizer(value = IntegerFormats.class, input = "dev.hpcenv.crd.v1alpha1.HpcEnvironment")
@SchemaCustomizer(value = MountConstraints.class, input = "dev.hpcenv.crd.v1alpha1.HpcEnvironment")
@Version(CrdConstants.VERSION)
@Kind("HpcEnvironment")
@Singular("hpcenvironment")
@Plural("hpcenvironments")
@ShortNames("hpcenv")
@Categories(CrdConstants.CATEGORY)
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.image", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Digest",
        jsonPath = ".status.digest",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class HpcEnvironment extends CustomResource<EnvironmentSpec, EnvironmentStatus> implements Namespaced {}
