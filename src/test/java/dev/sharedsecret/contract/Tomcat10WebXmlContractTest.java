package dev.sharedsecret.contract;

import org.junit.jupiter.api.Tag;

/**
 * The contract against embedded Tomcat 10.1, filters declared in {@code src/test/webapp} (surefire
 * execution tomcat10).
 */
@Tag("tomcat10")
class Tomcat10WebXmlContractTest extends SharedSecretContract {
    @Override
    Deployment startDeployment() throws Exception {
        ContainerVersions.assertTomcat10();
        return TomcatWebXmlDeployment.start();
    }
}
