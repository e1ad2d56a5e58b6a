package dev.sharedsecret.contract;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

/**
 * The hardening contract against embedded Tomcat 10.1, the gate registered through
 * {@code ServletContext.addFilter} (surefire execution tomcat10).
 */
@Tag("tomcat10")
class Tomcat10CodeHardeningContractTest extends HardeningContract {
    @Override
    Deployment startGate(Path secretFile) throws Exception {
        ContainerVersions.assertTomcat10();
        return HardeningDeployments.tomcatCode(HardeningFixture.gateFilter(secretFile));
    }

    @Override
    Deployment startWithoutUsableSecret(Path missingFile) throws Exception {
        ContainerVersions.assertTomcat10();
        return HardeningDeployments.tomcatCode(HardeningFixture.failingFilter(missingFile));
    }

    @Override
    String envVariable() {
        return HardeningFixture.CODE_ENV;
    }
}
