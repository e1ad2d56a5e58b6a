package dev.sharedsecret.contract;

import org.junit.jupiter.api.Tag;

/**
 * The contract against embedded Tomcat 10.1, filters registered through
 * {@code ServletContext.addFilter} (surefire execution tomcat10).
 */
@Tag("tomcat10")
class Tomcat10CodeContractTest extends SharedSecretContract {
    @Override
    Deployment startDeployment() throws Exception {
        ContainerVersions.assertTomcat10();
        return TomcatCodeDeployment.start();
    }
}
