package dev.hpcenv.crd.v1alpha1;

import dev.hpcenv.crd.CrdConstants;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A cluster-wide environment that admins provide as a base for everyone (site defaults). */
@Group(CrdConstants.GROUP)
@Version(CrdConstants.VERSION)
@Kind("ClusterHpcEnvironment")
@Singular("clusterhpcenvironment")
@Plural("clusterhpcenvironments")
@ShortNames("chpcenv")
public class ClusterHpcEnvironment extends CustomResource<EnvironmentSpec, EnvironmentStatus> {
}
