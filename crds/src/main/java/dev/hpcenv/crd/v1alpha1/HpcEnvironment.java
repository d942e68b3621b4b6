package dev.hpcenv.crd.v1alpha1;

import dev.hpcenv.crd.CrdConstants;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A user environment (an EDF) in a namespace. */
@Group(CrdConstants.GROUP)
@Version(CrdConstants.VERSION)
@Kind("HpcEnvironment")
@Singular("hpcenvironment")
@Plural("hpcenvironments")
@ShortNames("hpcenv")
public class HpcEnvironment extends CustomResource<EnvironmentSpec, EnvironmentStatus> implements Namespaced {
}
