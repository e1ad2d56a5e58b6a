package dev.sharedsecret.contract;

/** The contract against embedded Tomcat 11, filters registered in code through {@code ServletContext.addFilter}. */
class TomcatCodeContractTest extends SharedSecretContract {
    @Override
    Deployment startDeployment() throws Exception {
        ContainerVersions.assertTomcat11();
        return TomcatCodeDeployment.start();
    }
}
