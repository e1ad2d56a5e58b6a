package dev.sharedsecret.contract;

/** The contract against Jetty 12 {@code ServletContextHandler}, filters registered in code with the builder. */
class JettyCodeContractTest extends SharedSecretContract {
    @Override
    Deployment startDeployment() throws Exception {
        return JettyCodeDeployment.start();
    }
}
