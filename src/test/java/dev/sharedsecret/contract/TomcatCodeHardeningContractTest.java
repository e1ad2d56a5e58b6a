package dev.sharedsecret.contract;

import java.nio.file.Path;

/** The hardening contract against embedded Tomcat 11, the gate registered in code with the builder. */
class TomcatCodeHardeningContractTest extends HardeningContract {
    @Override
    Deployment startGate(Path secretFile) throws Exception {
        ContainerVersions.assertTomcat11();
        return HardeningDeployments.tomcatCode(HardeningFixture.gateFilter(secretFile));
    }

    @Override
    Deployment startWithoutUsableSecret(Path missingFile) throws Exception {
        ContainerVersions.assertTomcat11();
        return HardeningDeployments.tomcatCode(HardeningFixture.failingFilter(missingFile));
    }

    @Override
    String envVariable() {
        return HardeningFixture.CODE_ENV;
    }
}
